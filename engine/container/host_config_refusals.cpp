#include "engine/container/host_config_refusals.hpp"

#include <string>
#include <vector>

namespace mydocker::engine {

namespace {

Result<void> unsupported(const std::string& flag) {
  return invalid_argument(flag + " is not supported by mydocker");
}

// Go's %v of [][]string: [[gpu] [compute utility]].
std::string go_nested_list(const std::vector<std::vector<std::string>>& lists) {
  std::string out = "[";
  for (size_t i = 0; i < lists.size(); ++i) {
    out += i ? " [" : "[";
    for (size_t j = 0; j < lists[i].size(); ++j)
      out += (j ? " " : "") + lists[i][j];
    out += "]";
  }
  return out + "]";
}

Result<void> refuse_namespace_modes(const api::HostConfig& hc) {
  // PidMode, IpcMode and UTSMode: engine/container/namespace_modes.hpp.
  // "host" asks for no user-namespace remapping, which is what every container gets here.
  if (!hc.userns_mode.empty() && hc.userns_mode != "host")
    return unsupported("--userns=" + hc.userns_mode);
  if (!hc.cgroupns_mode.empty() && hc.cgroupns_mode != "private" && hc.cgroupns_mode != "host")
    return invalid_argument("invalid cgroup namespace mode: " + hc.cgroupns_mode);
  if (!hc.cgroup.empty())
    return unsupported("--cgroup " + hc.cgroup);
  if (!hc.isolation.empty() && hc.isolation != "default")
    return invalid_argument("invalid isolation: \"" + hc.isolation +
                            "\" - linux only supports 'default'");
  return {};
}

Result<void> refuse_devices(const api::Resources& r) {
  // Devices and DeviceCgroupRules: engine/container/device_mappings.hpp (checked at start).
  for (const auto& request : r.device_requests)
    return invalid_argument("could not select device driver \"" + request.driver +
                            "\" with capabilities: " + go_nested_list(request.capabilities));
  return {};
}

Result<void> refuse_resources(const api::Resources& r) {
  TRY_VOID(refuse_devices(r));
  // Docker's checks (daemon/daemon_unix.go verifyPlatformContainerResources).
  if (r.memory_reservation != 0 && r.memory_reservation < 6 * 1024 * 1024)
    return invalid_argument("Minimum memory reservation allowed is 6MB");
  if (r.memory > 0 && r.memory_reservation > 0 && r.memory < r.memory_reservation)
    return invalid_argument(
        "Minimum memory limit can not be less than memory reservation limit, see usage");
  // Block I/O, swappiness and realtime: engine/container/blkio_resources.hpp.
  return {};
}

Result<void> refuse_misc(const api::HostConfig& hc) {
  if (hc.oom_score_adj < -1000 || hc.oom_score_adj > 1000)
    return invalid_argument("Invalid value " + std::to_string(hc.oom_score_adj) +
                            ", range for oom score adj is [-1000, 1000]");
  if (!hc.volume_driver.empty() && hc.volume_driver != "local")
    return unsupported("--volume-driver " + hc.volume_driver);
  if (!hc.storage_opt.empty())
    return invalid_argument(
        "--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
  return {};
}

} // namespace

Result<void> refuse_unsupported_host_fields(const api::HostConfig& hc) {
  TRY_VOID(refuse_namespace_modes(hc));
  TRY_VOID(refuse_resources(hc.resources));
  // Sysctls: checked at start as runc does (engine/container/sysctls.hpp).
  return refuse_misc(hc);
}

} // namespace mydocker::engine
