// Killing what a container's init leaves behind in its cgroups. A container with its own pid
// namespace loses every process when its init exits (the kernel kills them); one that shares
// the host's or another container's (--pid host|container:X) does not, so, as runc does, the
// shim kills every process left in the container's cgroups once the init has exited.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mydocker::runtime {

// The pids listed in a cgroup.procs text, one a line; malformed lines are skipped.
std::vector<pid_t> parse_cgroup_pids(const std::string& procs_text);

// How a cgroup directory can be stopped while it is killed, from the files it has.
enum class CgroupFreeze { None, V1Freezer, V2Freeze, V2Kill };
CgroupFreeze freeze_kind(const std::string& cgroup_dir);

// SIGKILL every process in the cgroups whose cgroup.procs files are given (Spec::cgroup_procs):
// cgroup.kill where the kernel has it, else freeze (so none forks meanwhile), kill, thaw;
// repeated until none is listed or about a second has passed. Best effort, never fails.
void kill_cgroup_processes(const std::vector<std::string>& procs_files);

} // namespace mydocker::runtime
