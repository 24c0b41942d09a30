#include "engine/container/spec_builder.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

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

// "name" or "uid" looked up in the container's /etc/passwd (upper layer first).
std::optional<std::pair<uint32_t, uint32_t>> lookup_user(const std::string& name,
                                                         const layers::ContainerLayer& l) {
  std::vector<std::string> dirs = {l.upper_dir};
  dirs.insert(dirs.end(), l.lower_dirs.begin(), l.lower_dirs.end());
  for (const auto& dir : dirs) {
    std::ifstream in(dir + "/etc/passwd");
    if (!in)
      continue;
    for (std::string line; std::getline(in, line);) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string field; std::getline(ss, field, ':');)
        f.push_back(field);
      if (f.size() >= 4 && (f[0] == name || f[2] == name))
        return std::pair<uint32_t, uint32_t>(std::stoul(f[2]), std::stoul(f[3]));
    }
    return std::nullopt;
  }
  return std::nullopt;
}

Result<void> set_user(const std::string& user, const layers::ContainerLayer& layer,
                      runtime::ProcessSpec& p) {
  if (user.empty())
    return {};
  std::string who = user.substr(0, user.find(':'));
  auto found = lookup_user(who, layer);
  bool numeric = !who.empty() && who.find_first_not_of("0123456789") == std::string::npos;
  if (!found && !numeric)
    return invalid_argument("unable to find user " + who + ": no matching entries in passwd file");
  p.uid = found ? found->first : std::stoul(who);
  p.gid = found ? found->second : 0;
  if (size_t colon = user.find(':'); colon != std::string::npos) {
    std::string group = user.substr(colon + 1);
    if (group.empty() || group.find_first_not_of("0123456789") != std::string::npos)
      return invalid_argument("unable to find group " + group +
                              ": only numeric groups are supported yet");
    p.gid = std::stoul(group);
  }
  return {};
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
  TRY_VOID(set_user(r.config.value("User", ""), layer, s.process));
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
  s.stop_signal = r.config.value("StopSignal", "SIGTERM");
  return s;
}

} // namespace mydocker::engine
