#include "engine/container/spec_builder.hpp"

#include <algorithm>

#include "engine/container/log_attrs.hpp"
#include "engine/container/log_options.hpp"
#include "engine/runtime/seccomp.hpp"

namespace mydocker::engine {

using nlohmann::json;

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

std::string cap_name(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return name.rfind("CAP_", 0) == 0 || name == "ALL" ? name : "CAP_" + name;
}

LogSource log_source(const ContainerRecord& r) {
  LogSource s{r.id, r.name, r.image, r.image_id, {}, {}};
  const json& env = r.config.contains("Env") ? r.config["Env"] : json();
  for (const auto& entry : env.is_array() ? env : json::array())
    if (entry.is_string())
      s.env.push_back(entry.get<std::string>());
  const json& labels = r.config.contains("Labels") ? r.config["Labels"] : json();
  if (labels.is_object())
    for (const auto& [key, value] : labels.items())
      if (value.is_string())
        s.labels[key] = value.get<std::string>();
  return s;
}

} // namespace

Result<std::vector<std::string>> effective_capabilities(const json& hc) {
  std::vector<std::string> caps = DEFAULT_CAPS;
  auto list = [&](const char* key) {
    std::vector<std::string> out;
    if (hc.contains(key) && hc[key].is_array())
      for (const auto& v : hc[key])
        out.push_back(cap_name(v.get<std::string>()));
    else if (hc.contains(key) && hc[key].is_string())
      out.push_back(cap_name(hc[key].get<std::string>()));
    return out;
  };
  for (const auto& drop : list("CapDrop")) {
    if (drop == "ALL")
      caps.clear();
    caps.erase(std::remove(caps.begin(), caps.end(), drop), caps.end());
  }
  for (const auto& add : list("CapAdd"))
    if (std::find(caps.begin(), caps.end(), add) == caps.end())
      caps.push_back(add);
  return caps;
}

Result<runtime::Spec> build_runtime_spec(const ContainerRecord& r,
                                         const layers::ContainerLayer& layer,
                                         const std::string& dir) {
  runtime::Spec s;
  const json& hc = r.host_config;
  s.id = r.id;
  s.hostname = r.config.value("Hostname", "");
  s.process.args = {r.path};
  s.process.args.insert(s.process.args.end(), r.args.begin(), r.args.end());
  s.process.env = r.config.value("Env", std::vector<std::string>{});
  s.process.cwd = r.config.value("WorkingDir", "").empty() ? "/" : r.config.value("WorkingDir", "");
  s.process.user = r.config.value("User", ""); // resolved inside the container by its init
  if (hc.contains("GroupAdd") && hc["GroupAdd"].is_array())
    for (const auto& g : hc["GroupAdd"])
      if (g.is_string())
        s.process.group_add.push_back(g.get<std::string>());
  s.privileged = hc.value("Privileged", false);
  s.process.capabilities = TRY(effective_capabilities(hc));
  if (hc.contains("SecurityOpt") && hc["SecurityOpt"].is_array())
    for (const auto& opt : hc["SecurityOpt"])
      if (opt == "no-new-privileges" || opt == "no-new-privileges:true" ||
          opt == "no-new-privileges=true")
        s.process.no_new_privileges = true;
  std::vector<std::string> security_opts; // seccomp: builtin, unconfined or a profile's JSON
  if (hc.contains("SecurityOpt") && hc["SecurityOpt"].is_array())
    for (const auto& opt : hc["SecurityOpt"])
      if (opt.is_string())
        security_opts.push_back(opt.get<std::string>());
  s.seccomp_bpf =
      TRY(runtime::seccomp_for_container(security_opts, s.privileged, s.process.capabilities));
  if (hc.contains("Ulimits") && hc["Ulimits"].is_array())
    for (const auto& u : hc["Ulimits"])
      s.process.rlimits.push_back(
          {u.value("Name", ""), u.value("Soft", uint64_t{0}), u.value("Hard", uint64_t{0})});
  s.rootfs = {layer.lower_dirs,
              layer.lower_root,
              layer.lower_links,
              layer.upper_dir,
              layer.work_dir,
              layer.merged_dir,
              hc.value("ReadonlyRootfs", false)};
  for (const char* file : {"hostname", "hosts", "resolv.conf"})
    s.mounts.push_back({"bind", dir + "/" + file, std::string("/etc/") + file, {"rbind"}});
  if (!s.privileged) {
    s.masked_paths = MASKED;
    s.readonly_paths = READONLY;
  }
  auto num = [&](const char* key) {
    return hc.contains(key) && hc[key].is_number() ? hc[key].get<int64_t>() : 0;
  };
  s.resources.memory = num("Memory");
  s.resources.memory_swap = num("MemorySwap");
  s.resources.nano_cpus = num("NanoCpus");
  s.resources.cpu_shares = num("CpuShares");
  s.resources.cpu_period = num("CpuPeriod");
  s.resources.cpu_quota = num("CpuQuota");
  s.resources.pids_limit = num("PidsLimit");
  s.resources.cpuset_cpus = hc.value("CpusetCpus", "");
  s.log_path = r.log_path;
  auto stored_log = TRY(requested_log_config(hc)); // effective since create: no defaults again
  s.log = TRY(resolve_log_config(stored_log.type, stored_log.opts, LogDefaults{})).spec;
  s.log.attrs = TRY(log_attrs(stored_log.opts, log_source(r)));
  s.stop_signal = r.config.value("StopSignal", "SIGTERM");
  return s;
}

} // namespace mydocker::engine
