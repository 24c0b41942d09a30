// The memory, CPU and cpuset limits of a HostConfig as the runtime's cgroup plan takes them;
// create/start and `update` both start from this and differ only in pids and OOM handling.
#pragma once

#include "api/types/host_resources.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::engine {

runtime::Resources cgroup_limits_of(const api::Resources& r);

} // namespace mydocker::engine
