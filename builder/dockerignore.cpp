#include "builder/dockerignore.hpp"

#include "common/split.hpp"

namespace mydocker::builder {

std::string clean_path(std::string_view path) {
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string part(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..")
        parts.pop_back();
      else if (!absolute)
        parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string_view::npos)
      break;
    start = slash + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

namespace {

// A Go filepath.Match pattern with `**` to an ECMAScript regex of the whole path.
Result<std::string> to_regex(const std::string& pattern) {
  std::string re = "^";
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
      ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == '/') {
        ++i;
        re += "(.*/)?"; // "**/" matches zero or more directories
      } else {
        re += ".*";
      }
    } else if (c == '*') {
      re += "[^/]*";
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      size_t end = pattern.find(']', i + 1);
      if (end == std::string::npos)
        return invalid_argument("syntax error in pattern");
      std::string cls = pattern.substr(i + 1, end - i - 1);
      re += "[" + cls + "]";
      i = end;
    } else if (c == '\\' && i + 1 < pattern.size()) {
      re += "\\";
      re += pattern[++i];
    } else if (std::string_view(".+()|{}$^").find(c) != std::string_view::npos) {
      re += "\\";
      re += c;
    } else {
      re += c;
    }
  }
  return re + "$";
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos)
    return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

} // namespace

Result<IgnoreRules> IgnoreRules::parse(std::string_view text) {
  IgnoreRules rules;
  for (const auto& raw : split(std::string(text), '\n')) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#')
      continue;
    bool exclusion = line[0] == '!';
    if (exclusion)
      line = trim(line.substr(1));
    std::string cleaned = clean_path(line);
    while (!cleaned.empty() && cleaned[0] == '/')
      cleaned.erase(0, 1);
    if (cleaned.empty())
      continue;
    try {
      rules.m_patterns.push_back({std::regex(TRY(to_regex(cleaned))), exclusion});
    } catch (const std::regex_error&) {
      return invalid_argument("invalid .dockerignore pattern: " + line);
    }
  }
  return rules;
}

bool IgnoreRules::excluded(const std::string& path) const {
  bool out = false;
  for (const auto& p : m_patterns) {
    bool hit = std::regex_match(path, p.regex);
    // A pattern that matches a parent directory matches everything below it.
    for (size_t slash = path.find('/'); !hit && slash != std::string::npos;
         slash = path.find('/', slash + 1))
      hit = std::regex_match(path.substr(0, slash), p.regex);
    if (hit)
      out = !p.exclusion;
  }
  return out;
}

} // namespace mydocker::builder
