#include "engine/container/sysctls.hpp"

namespace mydocker::engine {

namespace {

bool ipc_sysctl(const std::string& key) {
  for (const char* exact :
       {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
        "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"})
    if (key == exact)
      return true;
  return key.rfind("fs.mqueue.", 0) == 0;
}

// runc's refusal of one key, "" when the container may set it.
std::string refusal(const api::HostConfig& hc, const std::string& key) {
  std::string quoted = "\"" + key + "\"";
  if (ipc_sysctl(key))
    return hc.ipc_mode == "host" ? "sysctl " + quoted + " is not allowed in the hosts ipc namespace"
                                 : "";
  if (key.rfind("net.", 0) == 0)
    return hc.network_mode == "host" ? "sysctl " + quoted + " not allowed in host network namespace"
                                     : "";
  if (hc.uts_mode != "host" && key == "kernel.domainname")
    return "";
  if (hc.uts_mode != "host" && key == "kernel.hostname")
    return "sysctl " + quoted + " is not allowed as it conflicts with the OCI \"hostname\" field";
  return "sysctl " + quoted + " is not in a separate kernel namespace";
}

} // namespace

Result<void> check_sysctls(const api::HostConfig& hc) {
  for (const auto& [key, value] : hc.sysctls)
    if (auto why = refusal(hc, key); !why.empty())
      return internal_error("failed to create task for container: " + why + ": unknown");
  return {};
}

} // namespace mydocker::engine
