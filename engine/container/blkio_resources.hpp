// --memory-swappiness, --blkio-weight(-device), --device-{read,write}-{bps,iops} and
// --cpu-rt-{period,runtime}, as dockerd 20.10 takes them: at create a limit the host's cgroups
// cannot apply is discarded with Docker's warning (or refused, for realtime), ranges are checked;
// at start device paths become major:minor numbers for the cgroup writes.
#pragma once

#include <string>
#include <vector>

#include "api/types/host_resources.hpp"
#include "common/result.hpp"
#include "engine/runtime/cgroup_support.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::engine {

// Returns Docker's warnings for what was discarded.
Result<std::vector<std::string>> adapt_io_resources(api::Resources& r,
                                                    const runtime::CgroupSupport& support);

// The runtime's limits; "stat <path>: no such file or directory" (a 500) for a missing device.
Result<void> add_io_limits(const api::Resources& r, runtime::Resources& out);

} // namespace mydocker::engine
