#include "engine/container/spec_builder.hpp"

#include <algorithm>

#include "api/types/create_body.hpp"
#include "engine/container/blkio_resources.hpp"
#include "engine/container/cgroup_limits.hpp"
#include "engine/container/device_mappings.hpp"
#include "engine/container/log_attrs.hpp"
#include "engine/container/log_options.hpp"
#include "engine/container/sysctls.hpp"
#include "engine/container/tmpfs_mounts.hpp"
#include "engine/runtime/seccomp.hpp"

namespace mydocker::engine {

namespace {

const std::vector<std::string> DEFAULT_CAPS = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};
const std::vector<std::string> MASKED = {"/proc/asound",
                                         "/proc/acpi",
                                         "/proc/kcore",
                                         "/proc/keys",
                                         "/proc/latency_stats",
                                         "/proc/timer_list",
                                         "/proc/timer_stats",
                                         "/proc/sched_debug",
                                         "/proc/scsi",
                                         "/sys/firmware",
                                         "/sys/devices/virtual/powercap"};
const std::vector<std::string> READONLY = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                           "/proc/sysrq-trigger"};

} // namespace

std::vector<std::string> effective_capabilities(const api::HostConfig& hc) {
  std::vector<std::string> caps = DEFAULT_CAPS;
  for (const auto& given : hc.cap_drop) {
    std::string drop = api::normalize_capability(given);
    if (drop == "ALL")
      caps.clear();
    caps.erase(std::remove(caps.begin(), caps.end(), drop), caps.end());
  }
  for (const auto& given : hc.cap_add) {
    std::string add = api::normalize_capability(given);
    if (std::find(caps.begin(), caps.end(), add) == caps.end())
      caps.push_back(add);
  }
  return caps;
}

namespace {

// Who runs the process: Config.User and --group-add (resolved inside the container root by
// its init), capabilities, no-new-privileges and ulimits.
void set_identity(const ContainerRecord& r, runtime::ProcessSpec& p) {
  const api::HostConfig& hc = r.host_config;
  p.user = r.config.user;
  p.group_add = hc.group_add;
  p.capabilities = effective_capabilities(hc);
  for (const auto& opt : hc.security_opt)
    if (opt == "no-new-privileges" || opt == "no-new-privileges:true" ||
        opt == "no-new-privileges=true")
      p.no_new_privileges = true;
  for (const auto& u : hc.resources.ulimits)
    p.rlimits.push_back({u.name, static_cast<uint64_t>(u.soft), static_cast<uint64_t>(u.hard)});
}

runtime::Resources resources_of(const api::Resources& r) {
  runtime::Resources out = cgroup_limits_of(r);
  out.pids_limit = r.pids_limit.value_or(0);
  out.oom_kill_disable = r.oom_kill_disable;
  return out;
}

// Tty, OpenStdin and the initial terminal size (the docker CLI sends ConsoleSize at create).
void set_stdio(const ContainerRecord& r, runtime::ProcessSpec& p) {
  p.tty = r.config.tty;
  p.open_stdin = r.config.open_stdin;
  const auto& size = r.host_config.console_size;
  if (p.tty && size.size() == 2) {
    p.console_height = static_cast<uint32_t>(std::min<uint64_t>(size[0], 0xffff));
    p.console_width = static_cast<uint32_t>(std::min<uint64_t>(size[1], 0xffff));
  }
}

} // namespace

Result<runtime::Spec> build_runtime_spec(const ContainerRecord& r,
                                         const layers::ContainerLayer& layer,
                                         const std::string& dir) {
  runtime::Spec s;
  const api::HostConfig& hc = r.host_config;
  s.id = r.id;
  s.hostname = r.config.hostname;
  s.process.args = {r.path};
  s.process.args.insert(s.process.args.end(), r.args.begin(), r.args.end());
  s.process.env = r.config.env;
  s.process.cwd = r.config.working_dir.empty() ? "/" : r.config.working_dir;
  set_identity(r, s.process);
  set_stdio(r, s.process);
  s.privileged = hc.privileged;
  // seccomp: the builtin profile, unconfined, or a profile's JSON from SecurityOpt.
  s.seccomp_bpf =
      TRY(runtime::seccomp_for_container(hc.security_opt, s.privileged, s.process.capabilities));
  s.rootfs = {layer.lower_dirs, layer.lower_root, layer.lower_links, layer.upper_dir,
              layer.work_dir,   layer.merged_dir, hc.readonly_rootfs};
  for (const char* file : {"hostname", "hosts", "resolv.conf"})
    s.mounts.push_back({"bind", dir + "/" + file, std::string("/etc/") + file, {"rbind"}});
  for (auto& tmpfs : TRY(tmpfs_mounts(hc)))
    s.mounts.push_back(std::move(tmpfs));
  if (hc.ipc_mode == "host") // Docker shares the host's /dev/shm with its IPC namespace
    s.mounts.push_back({"bind", "/dev/shm", "/dev/shm", {"rbind"}});
  if (!s.privileged) {
    s.masked_paths = MASKED;
    s.readonly_paths = READONLY;
  }
  s.resources = resources_of(hc.resources);
  auto devices = TRY(container_devices(hc.resources.devices, hc.resources.device_cgroup_rules));
  s.device_nodes = devices.nodes;
  s.resources.devices = devices.rules;
  TRY_VOID(add_io_limits(hc.resources, s.resources));
  TRY_VOID(check_sysctls(hc));
  s.sysctls = hc.sysctls;
  s.domainname = r.config.domainname;
  s.log_path = r.log_path;
  // LogConfig was resolved against the daemon's defaults at create: no defaults again.
  const api::LogConfig& stored_log = hc.log_config;
  s.log = TRY(resolve_log_config(stored_log.type, stored_log.config, LogDefaults{})).spec;
  s.log.attrs = TRY(log_attrs(stored_log.config, LogSource{r.id, r.name, r.image, r.image_id,
                                                           r.config.labels, r.config.env}));
  s.stop_signal = r.config.stop_signal.empty() ? "SIGTERM" : r.config.stop_signal;
  s.init = hc.init.value_or(false);
  s.oom_score_adj = hc.oom_score_adj;
  return s;
}

} // namespace mydocker::engine
