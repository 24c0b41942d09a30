#include "builder/dockerfile_parser.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

namespace mydocker::builder {

namespace {

const std::set<std::string> KEYWORDS = {
    "ADD",        "ARG",  "CMD",    "COPY",    "ENTRYPOINT",  "ENV",
    "EXPOSE",     "FROM", "LABEL",  "ONBUILD", "RUN",         "SHELL",
    "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "HEALTHCHECK", "MAINTAINER"};
// Instructions whose arguments may be a JSON array (exec form).
const std::set<std::string> JSON_FORMS = {"RUN",  "CMD", "ENTRYPOINT", "SHELL",
                                          "COPY", "ADD", "VOLUME"};

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos)
    return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

tl::unexpected<Error> parse_error(int line, const std::string& what) {
  return invalid_argument("dockerfile parse error line " + std::to_string(line) + ": " + what);
}

bool is_comment(const std::string& line) {
  std::string t = trim(line);
  return !t.empty() && t[0] == '#';
}

// "# name=value" at the top of the file; false for anything else.
bool parse_directive(const std::string& line, std::string& name, std::string& value) {
  std::string t = trim(line);
  if (t.size() < 2 || t[0] != '#')
    return false;
  std::string body = trim(t.substr(1));
  size_t eq = body.find('=');
  if (eq == std::string::npos)
    return false;
  name = upper(trim(body.substr(0, eq)));
  value = trim(body.substr(eq + 1));
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// Whether `line` ends with the escape character (trailing blanks allowed); strips it.
bool strip_continuation(std::string& line, char escape) {
  size_t end = line.find_last_not_of(" \t\r");
  if (end == std::string::npos || line[end] != escape)
    return false;
  line.erase(end);
  return true;
}

void split_flags(Instruction& in) {
  std::string rest = in.rest;
  for (;;) {
    size_t b = rest.find_first_not_of(" \t");
    if (b == std::string::npos || rest.compare(b, 2, "--") != 0) {
      in.rest = b == std::string::npos ? "" : rest.substr(b);
      return;
    }
    size_t e = rest.find_first_of(" \t", b);
    std::string word = rest.substr(b, e == std::string::npos ? std::string::npos : e - b);
    rest = e == std::string::npos ? "" : rest.substr(e);
    if (word == "--") {
      in.rest = trim(rest);
      return;
    }
    in.flags.push_back(word);
  }
}

void detect_exec_form(Instruction& in) {
  if (!JSON_FORMS.count(in.keyword) || in.rest.empty() || in.rest[0] != '[')
    return;
  auto parsed = nlohmann::json::parse(in.rest, nullptr, false);
  if (!parsed.is_array())
    return;
  std::vector<std::string> args;
  for (const auto& v : parsed) {
    if (!v.is_string())
      return;
    args.push_back(v.get<std::string>());
  }
  in.exec_form = true;
  in.exec_args = std::move(args);
}

} // namespace

Result<Instruction> parse_instruction_line(const std::string& line, int line_number) {
  Instruction in;
  in.line = line_number;
  in.original = trim(line);
  size_t sp = in.original.find_first_of(" \t");
  in.keyword = upper(in.original.substr(0, sp));
  in.rest = sp == std::string::npos ? "" : trim(in.original.substr(sp));
  if (!KEYWORDS.count(in.keyword))
    return parse_error(line_number, "unknown instruction: " + in.keyword);
  split_flags(in);
  detect_exec_form(in);
  bool single = in.keyword == "WORKDIR" || in.keyword == "USER" || in.keyword == "STOPSIGNAL" ||
                in.keyword == "MAINTAINER";
  if (in.rest.empty() && in.keyword != "RUN")
    return parse_error(line_number, in.keyword + (single ? " requires exactly one argument"
                                                         : " requires at least one argument"));
  return in;
}

bool find_flag(const Instruction& in, std::string_view name, std::string& value) {
  std::string prefix = "--" + std::string(name);
  for (const auto& f : in.flags) {
    if (f == prefix) {
      value = "true";
      return true;
    }
    if (f.compare(0, prefix.size() + 1, prefix + "=") == 0) {
      value = f.substr(prefix.size() + 1);
      return true;
    }
  }
  return false;
}

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    lines.push_back(std::move(line));
    if (nl == std::string_view::npos)
      break;
    start = nl + 1;
  }
  return lines;
}

// Consumes the parser directives at the top; returns the index of the first other line.
Result<size_t> read_directives(const std::vector<std::string>& lines, Dockerfile& out) {
  size_t i = 0;
  std::set<std::string> seen;
  for (; i < lines.size(); ++i) {
    std::string name, value;
    if (!parse_directive(lines[i], name, value))
      break;
    if (!seen.insert(name).second)
      return parse_error(int(i) + 1, "only one " + name + " parser directive can be used");
    if (name == "ESCAPE") {
      if (value != "\\" && value != "`")
        return parse_error(int(i) + 1, "invalid ESCAPE '" + value + "'. Must be ` or \\");
      out.escape = value[0];
    } else if (name == "SYNTAX") {
      out.warnings.push_back("the syntax directive (" + value +
                             ") is ignored by the classic builder");
    }
  }
  return i;
}

} // namespace

Result<Dockerfile> parse_dockerfile(std::string_view text) {
  Dockerfile out;
  std::vector<std::string> lines = split_lines(text);
  size_t i = TRY(read_directives(lines, out));
  while (i < lines.size()) {
    std::string line = lines[i++];
    if (trim(line).empty() || is_comment(line))
      continue;
    int start = int(i);
    std::string logical;
    bool more = strip_continuation(line, out.escape);
    logical = line;
    while (more && i < lines.size()) {
      std::string next = lines[i++];
      if (is_comment(next))
        continue;
      if (trim(next).empty()) {
        out.warnings.push_back("empty continuation line found at line " + std::to_string(i));
        continue;
      }
      more = strip_continuation(next, out.escape);
      logical += next;
    }
    if (trim(logical).empty())
      continue;
    out.instructions.push_back(TRY(parse_instruction_line(logical, start)));
  }
  return out;
}

} // namespace mydocker::builder
