#include "engine/container/namespace_modes.hpp"

#include <algorithm>

namespace mydocker::engine {

namespace {

// The daemon's own namespace, as the shim (its child, in the same namespaces) opens it.
std::string host_namespace(const std::string& type) {
  return "/proc/self/ns/" + type;
}

std::string owner_namespace(const NamespaceOwner& owner, const std::string& type) {
  return "/proc/" + std::to_string(owner.pid) + "/ns/" + type;
}

// moby daemon.checkContainer(containerIsRunning, containerIsNotRestarting).
Result<void> check_running(const NamespaceOwner& owner) {
  if (!owner.running)
    return internal_error("container " + owner.id + " is not running");
  if (owner.restarting)
    return internal_error("Container " + owner.id +
                          " is restarting, wait until the container is running");
  return {};
}

Result<std::string> pid_namespace(const OwnerLookup& lookup, const std::string& mode) {
  if (mode == "host")
    return host_namespace("pid");
  std::string ref = mode_container(mode);
  auto owner = lookup(ref);
  if (!owner)
    return internal_error("cannot join PID of a non running container: " + ref + ": " +
                          owner.error().message);
  TRY_VOID(check_running(*owner));
  return owner_namespace(*owner, "pid");
}

Result<std::string> ipc_namespace(const OwnerLookup& lookup, const std::string& mode) {
  if (mode == "host")
    return host_namespace("ipc");
  std::string ref = mode_container(mode);
  std::string prefix = "can't join IPC of container " + ref + ": ";
  auto owner = lookup(ref);
  if (!owner)
    return internal_error(prefix + owner.error().message);
  if (auto running = check_running(*owner); !running)
    return internal_error(prefix + running.error().message);
  if (owner->ipc_mode != "shareable" && owner->ipc_mode != "host")
    return internal_error(
        prefix + "non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
  return owner_namespace(*owner, "ipc");
}

bool valid_ipc_mode(const std::string& mode) {
  return mode.empty() || mode == "private" || mode == "shareable" || mode == "host" ||
         mode == "none" || !mode_container(mode).empty();
}

// container:X -> container:<X's full ID>; 400 when X does not exist.
Result<void> resolve_owner(const OwnerLookup& lookup, std::string& mode) {
  std::string ref = mode_container(mode);
  if (ref.empty())
    return {};
  auto owner = lookup(ref);
  if (!owner)
    return invalid_argument(owner.error().message);
  mode = "container:" + owner->id;
  return {};
}

} // namespace

std::string mode_container(const std::string& mode) {
  return mode.rfind("container:", 0) == 0 ? mode.substr(10) : "";
}

OwnerLookup index_owner_lookup(const ContainerIndex& index) {
  return [&index](const std::string& ref) -> Result<NamespaceOwner> {
    auto entry = TRY(index.find(ref));
    auto record = entry->view(); // the published copy: no container's mutex is taken
    if (!record)
      return not_found("No such container: " + ref);
    Status status = record->state.status;
    return NamespaceOwner{
        record->id,
        status == Status::Running || status == Status::Paused || status == Status::Restarting,
        status == Status::Restarting, record->state.pid, record->host_config.ipc_mode};
  };
}

Result<void> resolve_namespace_modes(const OwnerLookup& lookup, const std::string& hostname,
                                     api::HostConfig& hc) {
  if (hc.uts_mode == "host" && !hostname.empty())
    return invalid_argument("conflicting options: hostname and the UTS mode");
  TRY_VOID(resolve_owner(lookup, hc.pid_mode));
  TRY_VOID(resolve_owner(lookup, hc.ipc_mode));
  if (hc.ipc_mode.empty())
    hc.ipc_mode = "private";
  // dockerd defaults to "host" on cgroup v1 hosts; here every host gets a private one unless
  // asked: it keeps the container's cgroup paths its own (confinement).
  if (hc.cgroupns_mode.empty())
    hc.cgroupns_mode = "private";
  return {};
}

Result<std::map<std::string, std::string>> namespaces_to_join(const OwnerLookup& lookup,
                                                              const api::HostConfig& hc) {
  std::map<std::string, std::string> joins;
  // Docker's API takes any other PID or UTS mode as a private namespace; only IpcMode is checked.
  if (hc.pid_mode == "host" || !mode_container(hc.pid_mode).empty())
    joins["pid"] = TRY(pid_namespace(lookup, hc.pid_mode));
  if (!valid_ipc_mode(hc.ipc_mode))
    return internal_error("Invalid IPC mode: " + hc.ipc_mode);
  if (hc.ipc_mode == "host" || !mode_container(hc.ipc_mode).empty())
    joins["ipc"] = TRY(ipc_namespace(lookup, hc.ipc_mode));
  if (hc.uts_mode == "host")
    joins["uts"] = host_namespace("uts");
  if (hc.cgroupns_mode == "host")
    joins["cgroup"] = host_namespace("cgroup");
  return joins;
}

void set_ipc_shm(const api::HostConfig& hc, runtime::Spec& spec) {
  bool joined = !mode_container(hc.ipc_mode).empty();
  if (hc.ipc_mode != "none" && !joined)
    return;
  spec.dev_shm = false;
  std::erase_if(spec.mounts, [](const runtime::MountEntry& m) {
    return m.destination == "/dev/shm"; // --shm-size has no say then, as with Docker
  });
  auto ipc = spec.join_namespaces.find("ipc");
  if (joined && ipc != spec.join_namespaces.end()) // "/proc/<pid>/ns/ipc" -> ".../mnt"
    spec.shm_donor_mnt_ns = ipc->second.substr(0, ipc->second.rfind('/') + 1) + "mnt";
}

} // namespace mydocker::engine
