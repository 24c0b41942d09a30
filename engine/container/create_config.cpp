#include "engine/container/create_config.hpp"

#include <sstream>

#include "api/types/json_strings.hpp"
#include "common/atomic_file.hpp"

namespace mydocker::engine {

using nlohmann::json;

namespace {

// Cmd/Entrypoint may arrive as a string or an array.
std::vector<std::string> string_list(const json& j) {
  if (j.is_string())
    return {j.get<std::string>()};
  return api::json_strings(j);
}

std::vector<std::string> merge_env(std::vector<std::string> env,
                                   const std::vector<std::string>& overrides) {
  for (const auto& kv : overrides) {
    std::string key = kv.substr(0, kv.find('='));
    bool replaced = false;
    for (auto& e : env)
      if (e.substr(0, e.find('=')) == key) {
        e = kv;
        replaced = true;
      }
    if (!replaced)
      env.push_back(kv);
  }
  return env;
}

std::string resolv_conf() {
  std::istringstream in(read_file("/etc/resolv.conf").value_or(""));
  std::string out;
  bool nameserver = false;
  for (std::string line; std::getline(in, line);) {
    // Loopback resolvers of the host are unreachable from the container's namespace.
    if (line.rfind("nameserver", 0) == 0 &&
        (line.find(" 127.") != std::string::npos || line.find(" ::1") != std::string::npos))
      continue;
    nameserver = nameserver || line.rfind("nameserver", 0) == 0;
    out += line + "\n";
  }
  if (!nameserver)
    out += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
  return out;
}

} // namespace

json default_host_config(const json& requested) {
  json hc = requested.is_object() ? requested : json::object();
  if (hc.value("NetworkMode", "").empty() || hc["NetworkMode"] == "default")
    hc["NetworkMode"] = "bridge";
  if (!hc.contains("LogConfig") || !hc["LogConfig"].is_object() ||
      hc["LogConfig"].value("Type", "").empty())
    hc["LogConfig"] = {{"Type", "json-file"}, {"Config", json::object()}};
  if (!hc.contains("RestartPolicy") || !hc["RestartPolicy"].is_object() ||
      hc["RestartPolicy"].value("Name", "").empty())
    hc["RestartPolicy"] = {{"Name", "no"}, {"MaximumRetryCount", 0}};
  for (const char* key : {"AutoRemove", "Privileged", "ReadonlyRootfs"})
    if (!hc.contains(key) || !hc[key].is_boolean())
      hc[key] = false;
  return hc;
}

Result<void> merge_create_config(const json& body, const layers::Image& image, ContainerRecord& r) {
  json config = body;
  config.erase("HostConfig");
  config.erase("NetworkingConfig");
  bool entrypoint_given = body.contains("Entrypoint") && !body["Entrypoint"].is_null();
  std::vector<std::string> entrypoint =
      entrypoint_given ? string_list(body["Entrypoint"]) : image.config.entrypoint;
  if (entrypoint.size() == 1 && entrypoint[0].empty())
    entrypoint.clear(); // Entrypoint [""] clears the image's
  std::vector<std::string> cmd = string_list(body.value("Cmd", json()));
  if (cmd.empty() && !entrypoint_given)
    cmd = image.config.cmd;
  std::vector<std::string> argv = entrypoint;
  argv.insert(argv.end(), cmd.begin(), cmd.end());
  if (argv.empty())
    return invalid_argument("no command specified");
  r.path = argv[0];
  r.args.assign(argv.begin() + 1, argv.end());
  config["Entrypoint"] = entrypoint.empty() ? json(nullptr) : json(entrypoint);
  config["Cmd"] = cmd.empty() ? json(nullptr) : json(cmd);
  config["Env"] = merge_env(image.config.env, string_list(body.value("Env", json())));
  if (config.value("WorkingDir", "").empty())
    config["WorkingDir"] = image.config.working_dir;
  if (config.value("User", "").empty())
    config["User"] = image.config.user;
  if (config.value("Hostname", "").empty())
    config["Hostname"] = r.id.substr(0, 12);
  json labels = image.config.labels;
  if (body.contains("Labels") && body["Labels"].is_object())
    labels.update(body["Labels"]);
  config["Labels"] = labels;
  if (config.value("StopSignal", "").empty() && !image.config.stop_signal.empty())
    config["StopSignal"] = image.config.stop_signal;
  for (const char* key :
       {"Tty", "OpenStdin", "StdinOnce", "AttachStdin", "AttachStdout", "AttachStderr"})
    if (!config.contains(key) || !config[key].is_boolean())
      config[key] = false;
  config["Image"] = r.image;
  r.config = config;
  r.host_config = default_host_config(body.value("HostConfig", json::object()));
  return {};
}

Result<void> write_container_files(const std::string& dir, const ContainerRecord& r) {
  std::string hostname = r.config.value("Hostname", "");
  TRY_VOID(write_file_replace(dir + "/hostname", hostname + "\n"));
  TRY_VOID(write_file_replace(
      dir + "/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                      "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
                      "ff02::2\tip6-allrouters\n"));
  TRY_VOID(write_file_replace(dir + "/resolv.conf", resolv_conf()));
  // The log exists from create on, so an attach made before start can hold it open.
  return write_file_replace(r.log_path, "", 0640);
}

} // namespace mydocker::engine
