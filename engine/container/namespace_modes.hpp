// --pid, --ipc and --uts: which namespaces a container shares instead of getting its own.
// At create "container:X" is resolved to X's full ID (Docker stores it so); at start each shared
// namespace becomes a path the shim joins (runtime::Spec::join_namespaces). The network
// namespace (NetworkMode) is not decided here.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "api/types/host_config.hpp"
#include "common/result.hpp"
#include "engine/container/container_index.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::engine {

// What a start needs to know of the container whose namespaces another one joins.
struct NamespaceOwner {
  std::string id;
  bool running = false;
  bool restarting = false;
  int pid = 0; // its init, host pid namespace
  std::string ipc_mode;
};
// NotFound in Docker's words when `ref` names no container.
using OwnerLookup = std::function<Result<NamespaceOwner>(const std::string& ref)>;
OwnerLookup index_owner_lookup(const ContainerIndex& index);

// "container:X" -> "X"; "" for any other mode.
std::string mode_container(const std::string& mode);

// Create-time checks and defaults: container:X must exist (400), --uts host refuses a
// hostname, IpcMode "" becomes the daemon's default "private", CgroupnsMode "" "private".
Result<void> resolve_namespace_modes(const OwnerLookup& lookup, const std::string& hostname,
                                     api::HostConfig& hc);

// Start-time: namespace type ("pid", "ipc", "uts", "cgroup") -> the path of the namespace to
// join. The owner must run (Docker's texts and 500s); "host" is the daemon's own namespace.
Result<std::map<std::string, std::string>> namespaces_to_join(const OwnerLookup& lookup,
                                                              const api::HostConfig& hc);

// --ipc and /dev/shm, once the joins are in `spec`: "none" has none, container:X binds X's
// (X's mount namespace, from the IPC one joined), any other mode a tmpfs of its own.
void set_ipc_shm(const api::HostConfig& hc, runtime::Spec& spec);

} // namespace mydocker::engine
