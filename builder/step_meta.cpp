// The steps that change only the image config: ENV, LABEL, CMD, ENTRYPOINT, WORKDIR, USER,
// EXPOSE, VOLUME, STOPSIGNAL, SHELL, ONBUILD, MAINTAINER, ARG, HEALTHCHECK.
#include <algorithm>
#include <map>

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
  if (use_cache(key, "/bin/sh -c #(nop) " + text))
    return {};
  return commit(key, "/bin/sh -c #(nop) " + text, "");
}

namespace {

// The handlers change the stage's config and return the step as history shows it.
struct MetaStep {
  StageState& stage;
  const Instruction& in;
  const VarLookup& vars;
  char escape;
  json& config() { return stage.config; }
};

Result<std::string> env_or_label(MetaStep s) {
  auto pairs = TRY(parse_key_values(s.in.keyword, s.in.rest, s.vars, s.escape));
  for (const auto& [key, value] : pairs)
    s.in.keyword == "ENV" ? set_env(s.config(), key, value)
                          : (void)(s.config()["Labels"][key] = value);
  return s.in.keyword + " " + join_pairs(pairs);
}

Result<std::string> command(MetaStep s) {
  auto argv = step_command(s.in, s.config());
  bool cmd = s.in.keyword == "CMD";
  s.config()[cmd ? "Cmd" : "Entrypoint"] = argv;
  if (cmd)
    s.stage.cmd_set = true;
  else if (!s.stage.cmd_set) // Docker: a new ENTRYPOINT drops the base image's CMD
    s.config()["Cmd"] = nullptr;
  return s.in.keyword + " " + json(argv).dump();
}

Result<std::string> workdir(MetaStep s) {
  std::string dir = TRY(expand_word(s.in.rest, s.vars, s.escape));
  if (dir.empty() || dir[0] != '/')
    dir = config_string(s.config(), "WorkingDir") + "/" + dir;
  std::string clean = clean_path("/" + dir);
  s.config()["WorkingDir"] = clean;
  return "WORKDIR " + clean;
}

Result<std::string> single_value(MetaStep s) {
  std::string value = TRY(expand_word(s.in.rest, s.vars, s.escape));
  if (s.in.keyword != "MAINTAINER") // MAINTAINER only names the author
    s.config()[s.in.keyword == "USER" ? "User" : "StopSignal"] = value;
  return s.in.keyword + " " + value;
}

Result<std::string> expose_or_volume(MetaStep s) {
  bool expose = s.in.keyword == "EXPOSE";
  auto words = s.in.exec_form ? s.in.exec_args : TRY(expand_words(s.in.rest, s.vars, s.escape));
  for (auto w : words) {
    if (expose && w.find('/') == std::string::npos)
      w += "/tcp";
    s.config()[expose ? "ExposedPorts" : "Volumes"][w] = json::object();
  }
  return s.in.keyword + " " + json(words).dump();
}

Result<std::string> shell(MetaStep s) {
  if (!s.in.exec_form)
    return invalid_argument("SHELL requires the arguments to be in JSON form");
  s.config()["Shell"] = s.in.exec_args;
  return "SHELL " + json(s.in.exec_args).dump();
}

Result<std::string> onbuild(MetaStep s) {
  Instruction trigger = TRY(parse_instruction_line(s.in.rest, s.in.line));
  if (trigger.keyword == "ONBUILD" || trigger.keyword == "FROM" || trigger.keyword == "MAINTAINER")
    return invalid_argument(trigger.keyword + " isn't allowed as an ONBUILD trigger");
  s.config()["OnBuild"].push_back(trigger.original);
  return "ONBUILD " + trigger.original;
}

using MetaHandler = Result<std::string> (*)(MetaStep);
const std::map<std::string, MetaHandler> HANDLERS = {{"ENV", env_or_label},
                                                     {"LABEL", env_or_label},
                                                     {"CMD", command},
                                                     {"ENTRYPOINT", command},
                                                     {"WORKDIR", workdir},
                                                     {"USER", single_value},
                                                     {"STOPSIGNAL", single_value},
                                                     {"MAINTAINER", single_value},
                                                     {"EXPOSE", expose_or_volume},
                                                     {"VOLUME", expose_or_volume},
                                                     {"SHELL", shell},
                                                     {"ONBUILD", onbuild}};

} // namespace

Result<std::string> BuildJob::apply_metadata(const Instruction& in) {
  if (in.keyword == "ARG")
    return apply_arg(in);
  if (in.keyword == "HEALTHCHECK")
    return apply_healthcheck(in);
  auto handler = HANDLERS.find(in.keyword);
  if (handler == HANDLERS.end())
    return invalid_argument("unknown instruction: " + in.keyword);
  VarLookup lookup = vars();
  return handler->second(MetaStep{*m_stage, in, lookup, m_escape});
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
