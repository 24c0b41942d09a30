// Runs a mount plan through Syscalls, in order; the first failing step ends it.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/mount_plan.hpp"
#include "engine/runtime/syscalls.hpp"

namespace mydocker::runtime {

// "" on success, else the failing step's error ("mount proc on /proc: No such device").
std::string apply_mounts(const std::vector<MountStep>& plan, Syscalls& sys);

} // namespace mydocker::runtime
