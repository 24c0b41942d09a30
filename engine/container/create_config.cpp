#include "engine/container/create_config.hpp"

#include <algorithm>

#include "common/atomic_file.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/container/host_config_refusals.hpp"
#include "engine/container/tmpfs_mounts.hpp"

namespace mydocker::engine {

namespace {

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

} // namespace

namespace {

// Linux's capabilities 0..40 (moby oci/caps knows the same list).
const char* const KNOWN_CAPS[] = {"CHOWN",
                                  "DAC_OVERRIDE",
                                  "DAC_READ_SEARCH",
                                  "FOWNER",
                                  "FSETID",
                                  "KILL",
                                  "SETGID",
                                  "SETUID",
                                  "SETPCAP",
                                  "LINUX_IMMUTABLE",
                                  "NET_BIND_SERVICE",
                                  "NET_BROADCAST",
                                  "NET_ADMIN",
                                  "NET_RAW",
                                  "IPC_LOCK",
                                  "IPC_OWNER",
                                  "SYS_MODULE",
                                  "SYS_RAWIO",
                                  "SYS_CHROOT",
                                  "SYS_PTRACE",
                                  "SYS_PACCT",
                                  "SYS_ADMIN",
                                  "SYS_BOOT",
                                  "SYS_NICE",
                                  "SYS_RESOURCE",
                                  "SYS_TIME",
                                  "SYS_TTY_CONFIG",
                                  "MKNOD",
                                  "LEASE",
                                  "AUDIT_WRITE",
                                  "AUDIT_CONTROL",
                                  "SETFCAP",
                                  "MAC_OVERRIDE",
                                  "MAC_ADMIN",
                                  "SYSLOG",
                                  "WAKE_ALARM",
                                  "BLOCK_SUSPEND",
                                  "AUDIT_READ",
                                  "PERFMON",
                                  "BPF",
                                  "CHECKPOINT_RESTORE"};

bool known_capability(const std::string& cap) {
  return cap == "ALL" || std::any_of(std::begin(KNOWN_CAPS), std::end(KNOWN_CAPS),
                                     [&](const char* k) { return cap == std::string("CAP_") + k; });
}

// Entrypoint null = the image's, [""] = none; Cmd is the image's only when neither is given.
Result<std::vector<std::string>> merge_command(const api::ContainerConfig& requested,
                                               const layers::Image& image,
                                               api::ContainerConfig& config) {
  bool entrypoint_given = requested.entrypoint.has_value();
  api::StrSlice entrypoint = entrypoint_given ? *requested.entrypoint
                                              : api::StrSlice(image.config.entrypoint.begin(),
                                                              image.config.entrypoint.end());
  if (entrypoint.size() == 1 && entrypoint[0].empty())
    entrypoint.clear();
  api::StrSlice cmd = requested.cmd;
  if (cmd.empty() && !entrypoint_given)
    cmd.assign(image.config.cmd.begin(), image.config.cmd.end());
  std::vector<std::string> argv(entrypoint.begin(), entrypoint.end());
  argv.insert(argv.end(), cmd.begin(), cmd.end());
  if (argv.empty())
    return invalid_argument("no command specified");
  config.entrypoint = entrypoint.empty() ? std::nullopt : std::optional(entrypoint);
  config.cmd = cmd;
  return argv;
}

} // namespace

Result<void> merge_create_config(const api::CreateBody& body, const layers::Image& image,
                                 ContainerRecord& r) {
  api::ContainerConfig config = body.config;
  auto argv = TRY(merge_command(body.config, image, config));
  r.path = argv[0];
  r.args.assign(argv.begin() + 1, argv.end());
  config.env = merge_env(image.config.env, body.config.env);
  if (config.working_dir.empty())
    config.working_dir = image.config.working_dir;
  if (config.user.empty())
    config.user = image.config.user;
  if (config.hostname.empty())
    config.hostname = r.id.substr(0, 12);
  config.labels = image.config.labels;
  for (const auto& [key, value] : body.config.labels)
    config.labels[key] = value;
  if (config.stop_signal.empty())
    config.stop_signal = image.config.stop_signal;
  for (const auto& port : image.config.exposed_ports)
    config.exposed_ports[port];
  for (const auto& volume : image.config.volumes) {
    if (!config.volumes)
      config.volumes.emplace();
    (*config.volumes)[volume];
  }
  config.image = r.image;
  r.config = std::move(config);
  r.host_config = body.host_config;
  r.networking_config = body.networking_config;
  return {};
}

Result<void> validate_host_config(const api::HostConfig& hc) {
  // Docker knows runc (and io.containerd.runc.v2) out of the box; this engine is runc-like.
  if (!hc.runtime.empty() && hc.runtime != "runc")
    return invalid_argument("unknown or invalid runtime name: " + hc.runtime);
  for (const auto* caps : {&hc.cap_add, &hc.cap_drop})
    for (const auto& cap : *caps)
      if (!known_capability(api::normalize_capability(cap)))
        return invalid_argument("unknown capability: \"" + api::normalize_capability(cap) + "\"");
  TRY_VOID(hosts_file_content(hc.extra_hosts));
  TRY_VOID(tmpfs_mounts(hc));
  return refuse_unsupported_host_fields(hc);
}

Result<void> write_container_files(const std::string& dir, const ContainerRecord& r) {
  const std::string& hostname = r.config.hostname;
  TRY_VOID(write_file_replace(dir + "/hostname", hostname + "\n"));
  TRY_VOID(write_file_replace(dir + "/hosts", TRY(hosts_file_content(r.host_config.extra_hosts))));
  const api::HostConfig& hc = r.host_config;
  DnsSettings dns{hc.dns, hc.dns_search, hc.dns_options};
  TRY_VOID(write_file_replace(
      dir + "/resolv.conf", resolv_conf_content(read_file("/etc/resolv.conf").value_or(""), dns)));
  // The log exists from create on, so an attach made before start can hold it open.
  return write_file_replace(r.log_path, "", 0640);
}

} // namespace mydocker::engine
