#include "cli/run_options.hpp"

#include "cli/mount_flag.hpp"

#include <cctype>
#include <cmath>
#include <fstream>

#include "cli/run_options_host.hpp"

namespace mydocker::cli {

using nlohmann::json;

const std::vector<FlagSpec>& run_flags() {
  static const std::vector<FlagSpec> flags = {
      {"d", "detach", false},     {"", "rm", false},           {"", "name", true},
      {"e", "env", true},         {"", "env-file", true},      {"w", "workdir", true},
      {"u", "user", true},        {"", "entrypoint", true},    {"h", "hostname", true},
      {"l", "label", true},       {"", "restart", true},       {"", "stop-signal", true},
      {"", "stop-timeout", true}, {"m", "memory", true},       {"", "memory-swap", true},
      {"", "cpus", true},         {"c", "cpu-shares", true},   {"", "cpuset-cpus", true},
      {"", "pids-limit", true},   {"", "cap-add", true},       {"", "cap-drop", true},
      {"", "privileged", false},  {"", "security-opt", true},  {"", "read-only", false},
      {"", "ulimit", true},       {"i", "interactive", false}, {"t", "tty", false},
      {"a", "attach", true},      {"", "log-driver", true},    {"", "log-opt", true},
      {"", "group-add", true},    {"", "init", false},         {"", "runtime", true},
      {"v", "volume", true},      {"", "mount", true},         {"", "volumes-from", true},
      {"", "tmpfs", true}};
  static const std::vector<FlagSpec> with_host_flags = [] {
    std::vector<FlagSpec> all = flags;
    all.insert(all.end(), host_run_flags().begin(), host_run_flags().end());
    return all;
  }();
  return with_host_flags;
}

Result<int64_t> parse_bytes(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0)
    return invalid_argument("invalid size: '" + text + "'");
  double value = std::stod(text.substr(0, i));
  std::string unit = text.substr(i);
  for (auto& c : unit)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!unit.empty() && unit.back() == 'b')
    unit.pop_back();
  const std::string units = "kmgtp";
  double mult = 1;
  if (unit.size() == 1 && units.find(unit[0]) != std::string::npos)
    mult = std::pow(1024.0, static_cast<double>(units.find(unit[0]) + 1));
  else if (!unit.empty())
    return invalid_argument("invalid size: '" + text + "'");
  return static_cast<int64_t>(value * mult);
}

namespace {

// The daemon judges the policy name; the CLI only splits "name[:count]" as docker's does.
Result<json> restart_policy(const std::string& text) {
  size_t colon = text.find(':');
  std::string name = text.substr(0, colon);
  int max = 0;
  if (colon != std::string::npos) {
    std::string count = text.substr(colon + 1);
    char* end = nullptr;
    long value = std::strtol(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0')
      return invalid_argument(
          "invalid restart policy format: maximum retry count must be an integer");
    max = static_cast<int>(value);
  }
  return json{{"Name", name}, {"MaximumRetryCount", max}};
}

Result<std::vector<std::string>> env_list(const ParsedArgs& a) {
  std::vector<std::string> env;
  for (const auto& file : a.all("env-file")) {
    std::ifstream in(file);
    if (!in)
      return invalid_argument("open " + file + ": no such file or directory");
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#')
        env.push_back(line);
  }
  for (const auto& e : a.all("env"))
    env.push_back(e);
  return env;
}

Result<json> ulimits(const ParsedArgs& a) {
  json out = json::array();
  for (const auto& u : a.all("ulimit")) {
    size_t eq = u.find('='), colon = u.find(':', eq);
    if (eq == std::string::npos)
      return invalid_argument("invalid ulimit argument: " + u);
    int64_t soft = std::atoll(u.c_str() + eq + 1);
    int64_t hard = colon == std::string::npos ? soft : std::atoll(u.c_str() + colon + 1);
    out.push_back({{"Name", u.substr(0, eq)}, {"Soft", soft}, {"Hard", hard}});
  }
  return out;
}

// As the docker CLI: `seccomp=FILE` is sent as the file's content; builtin/unconfined as typed.
Result<std::vector<std::string>> security_opts(const ParsedArgs& a) {
  std::vector<std::string> out;
  for (const auto& opt : a.all("security-opt")) {
    size_t sep = opt.find_first_of("=:");
    std::string key = opt.substr(0, sep),
                value = sep == std::string::npos ? "" : opt.substr(sep + 1);
    if (key != "seccomp" || value == "unconfined" || value == "builtin" || value.empty()) {
      out.push_back(opt);
      continue;
    }
    std::ifstream in(value);
    if (!in)
      return invalid_argument("opening seccomp profile (" + value + ") failed: open " + value +
                              ": no such file or directory");
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    out.push_back("seccomp=" + content);
  }
  return out;
}

// --log-driver/--log-opt KEY=VALUE, --group-add, --init, --runtime.
Result<void> add_log_and_process_options(const ParsedArgs& a, json& hc) {
  if (a.has("log-driver") || a.has("log-opt")) {
    json opts = json::object();
    for (const auto& o : a.all("log-opt")) {
      size_t eq = o.find('=');
      if (eq == std::string::npos)
        return invalid_argument("invalid key/value pair format in logging opts: " + o);
      opts[o.substr(0, eq)] = o.substr(eq + 1);
    }
    hc["LogConfig"] = {{"Type", a.has("log-driver") ? a.last("log-driver") : ""}, {"Config", opts}};
  }
  if (a.has("group-add"))
    hc["GroupAdd"] = a.all("group-add");
  if (a.has("init"))
    hc["Init"] = true;
  if (a.has("runtime"))
    hc["Runtime"] = a.last("runtime");
  return {};
}

Result<json> host_config(const ParsedArgs& a) {
  json hc = {{"AutoRemove", a.has("rm")},
             {"Privileged", a.has("privileged")},
             {"ReadonlyRootfs", a.has("read-only")},
             {"CapAdd", a.all("cap-add")},
             {"CapDrop", a.all("cap-drop")},
             {"SecurityOpt", TRY(security_opts(a))},
             {"NetworkMode", "default"}};
  TRY_VOID(add_log_and_process_options(a, hc));
  if (a.has("restart"))
    hc["RestartPolicy"] = TRY(restart_policy(a.last("restart")));
  if (a.has("memory"))
    hc["Memory"] = TRY(parse_bytes(a.last("memory")));
  if (a.has("memory-swap"))
    hc["MemorySwap"] = a.last("memory-swap") == "-1" ? -1 : TRY(parse_bytes(a.last("memory-swap")));
  if (a.has("cpus"))
    hc["NanoCpus"] = static_cast<int64_t>(std::stod(a.last("cpus")) * 1e9);
  if (a.has("cpu-shares"))
    hc["CpuShares"] = std::atoll(a.last("cpu-shares").c_str());
  if (a.has("cpuset-cpus"))
    hc["CpusetCpus"] = a.last("cpuset-cpus");
  if (a.has("pids-limit"))
    hc["PidsLimit"] = std::atoll(a.last("pids-limit").c_str());
  hc["Ulimits"] = TRY(ulimits(a));
  return hc;
}

} // namespace

Result<json> create_body(const ParsedArgs& a) {
  if (a.positionals.empty())
    return invalid_argument("requires at least 1 argument");
  json labels = json::object();
  for (const auto& l : a.all("label")) {
    size_t eq = l.find('=');
    labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
  }
  bool attached = !a.has("detach");
  json body = {{"Image", a.positionals[0]}, {"Env", TRY(env_list(a))},          {"Labels", labels},
               {"AttachStdout", attached},  {"AttachStderr", attached},         {"Tty", false},
               {"OpenStdin", false},        {"HostConfig", TRY(host_config(a))}};
  // -v SRC:DST[:MODE] is a bind (a volume name or a host path); -v /path an anonymous volume.
  for (const auto& v : a.all("volume")) {
    if (v.find(':') != std::string::npos)
      body["HostConfig"]["Binds"].push_back(v);
    else
      body["Volumes"][v] = json::object();
  }
  TRY_VOID(add_mount_flags(a, body["HostConfig"]));
  if (a.positionals.size() > 1)
    body["Cmd"] = std::vector<std::string>(a.positionals.begin() + 1, a.positionals.end());
  if (a.has("entrypoint"))
    body["Entrypoint"] = std::vector<std::string>{a.last("entrypoint")};
  for (auto [flag, key] : {std::pair{"workdir", "WorkingDir"},
                           {"user", "User"},
                           {"hostname", "Hostname"},
                           {"stop-signal", "StopSignal"}})
    if (a.has(flag))
      body[key] = a.last(flag);
  if (a.has("stop-timeout"))
    body["StopTimeout"] = std::atoi(a.last("stop-timeout").c_str());
  TRY_VOID(add_host_run_options(a, body));
  return body;
}

} // namespace mydocker::cli
