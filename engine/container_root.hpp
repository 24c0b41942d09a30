// Work done inside a container's root filesystem, whatever its state (docker cp). A running
// container's root is /proc/<pid>/root (its own mounts: volumes, binds, /etc files). A
// stopped one has none mounted: a short-lived forked child enters a private mount namespace,
// mounts the overlay and the container's binds there as the start path would, does the work
// and exits, so nothing stays mounted anywhere.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/runtime/mount_plan.hpp"

namespace mydocker::engine {

struct ContainerRoot {
  int pid = 0; // > 0: running (or paused)
  // Asked once /proc/<pid>/root is open: false when the container exited meanwhile (its pid
  // may then be another process's, so the fd is dropped).
  std::function<bool()> same_process;
  std::vector<runtime::MountStep> mount_plan; // stopped: private, overlay, open root, binds
  std::string merged_dir;                     // stopped: where the plan mounts the root
};

// `work` gets an fd of the root directory (resolve paths in it with RESOLVE_IN_ROOT) and
// returns a small payload (at most 1 MiB). `keep_fds` are the fds `work` uses (a stopped
// container's child closes every other one it inherited).
using RootWork = std::function<Result<std::string>(int root_fd)>;
Result<std::string> with_container_root(const ContainerRoot& root, const RootWork& work,
                                        const std::vector<int>& keep_fds = {});

} // namespace mydocker::engine
