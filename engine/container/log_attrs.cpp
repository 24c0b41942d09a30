#include "engine/container/log_attrs.hpp"

#include <regex>
#include <sstream>

namespace mydocker::engine {

namespace {

using Opts = std::map<std::string, std::string>;

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(item);
  return out;
}

Result<std::regex> compile(const std::string& pattern) {
  try {
    return std::regex(pattern);
  } catch (const std::regex_error& e) {
    return invalid_argument("error parsing regexp: " + std::string(e.what()) + ": `" + pattern +
                            "`");
  }
}

std::string option(const Opts& opts, const char* key) {
  auto it = opts.find(key);
  return it == opts.end() ? "" : it->second;
}

// Named keys first, then every key the regex finds (unanchored, as Go's MatchString).
Result<void> add_matching(const Opts& values, const std::string& names, const std::string& regex,
                          Opts& out) {
  for (const auto& name : split_commas(names))
    if (auto it = values.find(name); it != values.end())
      out[name] = it->second;
  if (regex.empty())
    return {};
  std::regex re = TRY(compile(regex));
  for (const auto& [key, value] : values)
    if (std::regex_search(key, re))
      out[key] = value;
  return {};
}

std::string short_id(std::string id) {
  if (size_t colon = id.find(':'); colon != std::string::npos)
    id = id.substr(colon + 1);
  return id.substr(0, 12);
}

} // namespace

Result<void> check_log_regexes(const Opts& opts) {
  for (const char* key : {"labels-regex", "env-regex"})
    if (auto value = option(opts, key); !value.empty())
      if (auto compiled = compile(value); !compiled)
        return tl::unexpected(compiled.error());
  return {};
}

std::string expand_log_tag(const std::string& tmpl, const LogSource& s) {
  const std::map<std::string, std::string> fields = {{"ID", short_id(s.id)},
                                                     {"FullID", s.id},
                                                     {"Name", s.name},
                                                     {"ImageID", short_id(s.image_id)},
                                                     {"ImageFullID", s.image_id},
                                                     {"ImageName", s.image_name},
                                                     {"DaemonName", "docker"}};
  std::string out;
  size_t pos = 0;
  for (size_t open; (open = tmpl.find("{{", pos)) != std::string::npos;) {
    size_t close = tmpl.find("}}", open);
    if (close == std::string::npos)
      break;
    std::string field = tmpl.substr(open + 2, close - open - 2);
    field.erase(0, field.find_first_not_of(' '));
    field.erase(field.find_last_not_of(' ') + 1);
    auto it = field.size() > 1 && field[0] == '.' ? fields.find(field.substr(1)) : fields.end();
    out += tmpl.substr(pos, open - pos);
    out += it == fields.end() ? tmpl.substr(open, close + 2 - open) : it->second;
    pos = close + 2;
  }
  return out + tmpl.substr(pos);
}

Result<Opts> log_attrs(const Opts& opts, const LogSource& source) {
  Opts attrs;
  TRY_VOID(
      add_matching(source.labels, option(opts, "labels"), option(opts, "labels-regex"), attrs));
  Opts env;
  for (const auto& entry : source.env)
    if (size_t eq = entry.find('='); eq != std::string::npos)
      env[entry.substr(0, eq)] = entry.substr(eq + 1);
  TRY_VOID(add_matching(env, option(opts, "env"), option(opts, "env-regex"), attrs));
  if (auto tag = option(opts, "tag"); !tag.empty()) // no default tag unless asked for
    attrs["tag"] = expand_log_tag(tag, source);
  return attrs;
}

} // namespace mydocker::engine
