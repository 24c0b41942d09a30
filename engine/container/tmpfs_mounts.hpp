// The container's tmpfs mounts from HostConfig: --tmpfs /path:opts (Docker's defaults noexec,
// nosuid, nodev, overridden by exec/suid/dev) and --shm-size (the /dev/shm tmpfs, Docker's
// default 64m is already in the runtime's mount plan).
#pragma once

#include <vector>

#include "api/types/host_config.hpp"
#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::engine {

// A 400 for a relative destination or a negative ShmSize; otherwise the mounts in order.
Result<std::vector<runtime::MountEntry>> tmpfs_mounts(const api::HostConfig& hc);

} // namespace mydocker::engine
