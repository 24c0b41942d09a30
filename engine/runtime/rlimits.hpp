// --ulimit: names to RLIMIT_* and setrlimit. Raising a hard limit needs CAP_SYS_RESOURCE,
// which some hosts lack: the error then names the limit (host.md).
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

int rlimit_resource(const std::string& name); // -1 when unknown
std::string apply_rlimits(const std::vector<Rlimit>& limits);

} // namespace mydocker::runtime
