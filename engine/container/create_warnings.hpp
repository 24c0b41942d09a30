// The "Warnings" of a create answer, as dockerd 20.10 gives them (verifyPlatformContainerResources,
// in its order) for the resources this host discards or that are risky as given. Discarded
// values are reset in the resources kept.
#pragma once

#include <string>
#include <vector>

#include "api/types/host_resources.hpp"
#include "common/result.hpp"
#include "engine/runtime/cgroup_support.hpp"

namespace mydocker::engine {

// Docker's warning when --oom-kill-disable comes without a memory limit; "" otherwise.
std::string oom_kill_disable_warning(const api::Resources& r);

// Every create warning (and the 400s of the block I/O and swappiness ranges).
Result<std::vector<std::string>> create_warnings(api::Resources& r,
                                                 const runtime::CgroupSupport& support);

} // namespace mydocker::engine
