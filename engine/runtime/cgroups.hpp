// cgroups for containers, v1 (and hybrid) and v2, with the cgroupfs layout:
// v1: <controller mount>/<daemon's own cgroup>/<parent>/<id> in every hierarchy;
// v2: <mount>/<parent>/<id> with controllers enabled from the root down.
// Pure planning (detect, paths, writes) is separate from the thin applier.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

struct CgroupLayout {
  bool v2 = false;
  std::string v2_mount;                            // unified mount (v2 only)
  std::map<std::string, std::string> v1_mounts;    // controller -> mount point
  std::map<std::string, std::string> v1_own_paths; // controller -> the daemon's cgroup
};

// From /proc/self/mountinfo and /proc/self/cgroup text. Never assumes mount names.
CgroupLayout detect_cgroup_layout(const std::string& mountinfo, const std::string& self_cgroup);
Result<CgroupLayout> read_cgroup_layout();

struct CgroupWrite {
  std::string controller; // v1 hierarchy ("memory") or "" for v2
  std::string file;
  std::string value;
};

// Directories of one container, one per v1 hierarchy (or the single v2 one).
std::map<std::string, std::string> cgroup_dirs(const CgroupLayout& l, const std::string& parent,
                                               const std::string& id);
std::vector<CgroupWrite> plan_limits(const CgroupLayout& l, const Resources& r);
// Block I/O weight and throttles, memory swappiness, CPU realtime (cgroups_plan_io.cpp);
// plan_limits ends with them.
std::vector<CgroupWrite> plan_io_and_realtime(const CgroupLayout& l, const Resources& r);
// v1: "a" to devices.deny (the list starts as "a *:* rwm"), then each rule to devices.allow or
// devices.deny in order. v2 has no files for them (an eBPF program instead): empty.
std::vector<CgroupWrite> plan_device_writes(const CgroupLayout& l,
                                            const std::vector<DeviceRule>& rules);

// Applier: create dirs (cpuset copied from the parent on v1), write limits and device rules
// (v1 files, or the v2 device program attached to the container's cgroup).
Result<void> create_cgroups(const CgroupLayout& l, const std::string& parent, const std::string& id,
                            const Resources& r, const std::vector<DeviceRule>& devices);
Result<void> set_frozen(const CgroupLayout& l, const std::string& parent, const std::string& id,
                        bool frozen);
bool oom_killed(const CgroupLayout& l, const std::string& parent, const std::string& id);
void remove_cgroups(const CgroupLayout& l, const std::string& parent, const std::string& id);
// The parent dirs themselves, when no container is left in them (daemon shutdown).
void remove_parent_cgroups(const CgroupLayout& l, const std::string& parent);

} // namespace mydocker::runtime
