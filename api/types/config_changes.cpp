#include "api/types/config_changes.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace mydocker::api {

using nlohmann::json;

namespace {

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

// JSON array form, else the shell form ["/bin/sh", "-c", text].
json command_form(const std::string& args) {
  auto parsed = json::parse(args, nullptr, false);
  if (parsed.is_array() &&
      std::all_of(parsed.begin(), parsed.end(), [](const json& j) { return j.is_string(); }))
    return parsed;
  return json::array({"/bin/sh", "-c", args});
}

// "k=v k2=v2" or legacy "k v" pairs.
Result<std::vector<std::pair<std::string, std::string>>> key_values(const std::string& args,
                                                                    const char* what) {
  std::vector<std::pair<std::string, std::string>> out;
  auto ws = words(args);
  if (ws.empty())
    return invalid_argument(std::string(what) + " requires at least one argument");
  if (ws[0].find('=') == std::string::npos) {
    size_t space = args.find_first_of(" \t");
    if (space == std::string::npos)
      return invalid_argument(std::string(what) + " must have two arguments");
    out.emplace_back(ws[0], trim(args.substr(space)));
    return out;
  }
  for (auto& w : ws) {
    size_t eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      return invalid_argument(std::string("Syntax error - can't find = in \"") + w +
                              "\". Must be of the form: name=value");
    out.emplace_back(w.substr(0, eq), unquote(w.substr(eq + 1)));
  }
  return out;
}

void set_env(json& config, const std::string& key, const std::string& value) {
  json& env = config["Env"];
  if (!env.is_array())
    env = json::array();
  for (auto& e : env)
    if (e.get<std::string>().rfind(key + "=", 0) == 0) {
      e = key + "=" + value;
      return;
    }
  env.push_back(key + "=" + value);
}

Result<void> apply_one(const std::string& instruction, const std::string& args, json& config) {
  if (instruction == "ENV") {
    for (auto& [k, v] : TRY(key_values(args, "ENV")))
      set_env(config, k, v);
  } else if (instruction == "LABEL") {
    for (auto& [k, v] : TRY(key_values(args, "LABEL")))
      config["Labels"][unquote(k)] = v;
  } else if (instruction == "CMD") {
    config["Cmd"] = command_form(args);
  } else if (instruction == "ENTRYPOINT") {
    config["Entrypoint"] = command_form(args);
  } else if (instruction == "WORKDIR") {
    config["WorkingDir"] = unquote(args);
  } else if (instruction == "USER") {
    config["User"] = unquote(args);
  } else if (instruction == "STOPSIGNAL") {
    config["StopSignal"] = unquote(args);
  } else if (instruction == "EXPOSE") {
    for (auto& p : words(args))
      config["ExposedPorts"][p.find('/') == std::string::npos ? p + "/tcp" : p] = json::object();
  } else if (instruction == "VOLUME") {
    auto list = json::parse(args, nullptr, false);
    std::vector<std::string> paths =
        list.is_array() ? list.get<std::vector<std::string>>() : words(args);
    for (auto& p : paths)
      config["Volumes"][p] = json::object();
  } else if (instruction == "ONBUILD") {
    config["OnBuild"].push_back(args);
  } else {
    return invalid_argument(instruction + " is not a valid change command");
  }
  return {};
}

} // namespace

Result<void> apply_changes(const std::vector<std::string>& changes, json& config) {
  for (const auto& change : changes) {
    std::string line = trim(change);
    if (line.empty())
      continue;
    size_t space = line.find_first_of(" \t");
    std::string instruction = line.substr(0, space);
    std::transform(instruction.begin(), instruction.end(), instruction.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    std::string args = space == std::string::npos ? "" : trim(line.substr(space));
    TRY_VOID(apply_one(instruction, args, config));
  }
  return {};
}

} // namespace mydocker::api
