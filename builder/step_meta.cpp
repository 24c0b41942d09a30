// The steps that change only the image config: ENV, LABEL, CMD, ENTRYPOINT, WORKDIR, USER,
// EXPOSE, VOLUME, STOPSIGNAL, SHELL, ONBUILD, MAINTAINER, ARG, HEALTHCHECK.
#include <algorithm>

#include "builder/build_job.hpp"
#include "builder/dockerignore.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

void set_env(json& config, const std::string& key, const std::string& value) {
  json env = config.value("Env", json::array());
  if (!env.is_array())
    env = json::array();
  std::string entry = key + "=" + value;
  auto same = [&](const json& e) {
    return e.is_string() && e.get<std::string>().rfind(key + "=", 0) == 0;
  };
  auto it = std::find_if(env.begin(), env.end(), same);
  if (it != env.end())
    *it = entry;
  else
    env.push_back(entry);
  config["Env"] = env;
}

std::vector<std::string> blank_split(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + " ") {
    if (c != ' ' && c != '\t') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  return out;
}

std::string join_pairs(const KeyValues& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs)
    out += (out.empty() ? "" : " ") + k + "=" + v;
  return out;
}

} // namespace

Result<void> BuildJob::metadata(const Instruction& in) {
  std::string text = TRY(apply_metadata(in));
  std::string key = cache_key("#(nop) " + text + "\n" + m_stage->config.dump());
  if (use_cache(key))
    return {};
  return commit(key, "/bin/sh -c #(nop) " + text, "");
}

// Changes the stage's config; returns the step as history shows it.
Result<std::string> BuildJob::apply_metadata(const Instruction& in) {
  json& c = m_stage->config;
  const std::string& k = in.keyword;
  if (k == "ENV" || k == "LABEL") {
    auto pairs = TRY(parse_key_values(k, in.rest, vars(), m_escape));
    for (const auto& [key, value] : pairs)
      k == "ENV" ? set_env(c, key, value) : (void)(c["Labels"][key] = value);
    return k + " " + join_pairs(pairs);
  }
  if (k == "CMD" || k == "ENTRYPOINT") {
    auto argv = step_command(in, c);
    c[k == "CMD" ? "Cmd" : "Entrypoint"] = argv;
    if (k == "CMD")
      m_stage->cmd_set = true;
    else if (!m_stage->cmd_set) // Docker: a new ENTRYPOINT drops the base image's CMD
      c["Cmd"] = nullptr;
    return k + " " + json(argv).dump();
  }
  if (k == "WORKDIR") {
    std::string dir = TRY(expand_word(in.rest, vars(), m_escape));
    if (dir.empty() || dir[0] != '/')
      dir = c.value("WorkingDir", std::string("/")) + "/" + dir;
    c["WorkingDir"] = clean_path(dir);
    return "WORKDIR " + c["WorkingDir"].get<std::string>();
  }
  if (k == "USER" || k == "STOPSIGNAL" || k == "MAINTAINER") {
    std::string value = TRY(expand_word(in.rest, vars(), m_escape));
    if (k != "MAINTAINER")
      c[k == "USER" ? "User" : "StopSignal"] = value;
    return k + " " + value;
  }
  if (k == "EXPOSE" || k == "VOLUME") {
    auto words = in.exec_form ? in.exec_args : TRY(expand_words(in.rest, vars(), m_escape));
    for (auto w : words) {
      if (k == "EXPOSE" && w.find('/') == std::string::npos)
        w += "/tcp";
      c[k == "EXPOSE" ? "ExposedPorts" : "Volumes"][w] = json::object();
    }
    return k + " " + json(words).dump();
  }
  if (k == "SHELL") {
    if (!in.exec_form)
      return invalid_argument("SHELL requires the arguments to be in JSON form");
    c["Shell"] = in.exec_args;
    return "SHELL " + json(in.exec_args).dump();
  }
  if (k == "ONBUILD") {
    Instruction trigger = TRY(parse_instruction_line(in.rest, in.line));
    if (trigger.keyword == "ONBUILD" || trigger.keyword == "FROM" ||
        trigger.keyword == "MAINTAINER")
      return invalid_argument(trigger.keyword + " isn't allowed as an ONBUILD trigger");
    c["OnBuild"].push_back(trigger.original);
    return "ONBUILD " + trigger.original;
  }
  if (k == "ARG")
    return apply_arg(in);
  if (k == "HEALTHCHECK")
    return apply_healthcheck(in);
  return invalid_argument("unknown instruction: " + k);
}

// ARG name[=default]: the --build-arg value wins over the default; before FROM it is a
// meta arg (FROM lines and later "ARG name" see it).
Result<std::string> BuildJob::apply_arg(const Instruction& in) {
  std::string text;
  for (const auto& word : blank_split(in.rest)) {
    size_t eq = word.find('=');
    std::string name = word.substr(0, eq);
    std::optional<std::string> value;
    if (eq != std::string::npos)
      value = TRY(expand_word(word.substr(eq + 1), m_stage ? vars() : meta_vars(), m_escape));
    else if (m_stage && m_meta_args.count(name))
      value = m_meta_args[name];
    auto given = m_request.build_args.find(name);
    if (given != m_request.build_args.end() && given->second) {
      value = *given->second;
      m_used_args.insert(name);
    }
    if (value)
      (m_stage ? m_stage->args : m_meta_args)[name] = *value;
    text += (text.empty() ? "" : " ") + word;
  }
  return "ARG " + text;
}

} // namespace mydocker::builder
