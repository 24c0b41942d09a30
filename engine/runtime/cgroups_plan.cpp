// Pure parts of cgroups: layout detection, directories, limit writes.
#include <sstream>

#include "engine/runtime/mountinfo.hpp"

#include "common/split.hpp"

#include "common/atomic_file.hpp"
#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/device_rules.hpp"

namespace mydocker::runtime {

namespace {

const std::vector<std::string> V1_CONTROLLERS = {"memory", "pids",    "cpu",   "cpuacct",
                                                 "cpuset", "freezer", "blkio", "devices"};

} // namespace

CgroupLayout detect_cgroup_layout(const std::string& mountinfo, const std::string& self_cgroup) {
  CgroupLayout l;
  for (const auto& m : parse_mountinfo(mountinfo)) {
    if (m.fstype == "cgroup2" && l.v2_mount.empty())
      l.v2_mount = m.mount_point;
    if (m.fstype == "cgroup")
      for (const auto& opt : split(m.super_options, ','))
        for (const auto& c : V1_CONTROLLERS)
          if (opt == c)
            l.v1_mounts[c] = m.mount_point;
  }
  l.v2 = l.v1_mounts.empty();
  std::istringstream cg(self_cgroup);
  for (std::string line; std::getline(cg, line);) {
    auto parts = split(line, ':');
    if (parts.size() < 3)
      continue;
    for (const auto& c : split(parts[1], ','))
      l.v1_own_paths[c] = parts[2] == "/" ? "" : parts[2];
  }
  return l;
}

Result<CgroupLayout> read_cgroup_layout() {
  std::string mountinfo = TRY(read_file("/proc/self/mountinfo"));
  std::string self = TRY(read_file("/proc/self/cgroup"));
  return detect_cgroup_layout(mountinfo, self);
}

std::map<std::string, std::string> cgroup_dirs(const CgroupLayout& l, const std::string& parent,
                                               const std::string& id) {
  std::map<std::string, std::string> out;
  if (l.v2) {
    out[""] = l.v2_mount + "/" + parent + "/" + id;
    return out;
  }
  for (const auto& [controller, mount] : l.v1_mounts) {
    auto own = l.v1_own_paths.find(controller);
    out[controller] =
        mount + (own == l.v1_own_paths.end() ? "" : own->second) + "/" + parent + "/" + id;
  }
  return out;
}

std::vector<CgroupWrite> plan_limits(const CgroupLayout& l, const Resources& r) {
  std::vector<CgroupWrite> w;
  const int64_t period = r.cpu_period > 0 ? r.cpu_period : 100000;
  int64_t quota =
      r.cpu_quota > 0 ? r.cpu_quota : (r.nano_cpus > 0 ? r.nano_cpus * period / 1'000'000'000 : 0);
  if (l.v2) {
    if (r.memory > 0)
      w.push_back({"", "memory.max", std::to_string(r.memory)});
    if (r.memory > 0 && r.memory_swap > 0)
      w.push_back({"", "memory.swap.max", std::to_string(r.memory_swap - r.memory)});
    if (r.pids_limit > 0)
      w.push_back({"", "pids.max", std::to_string(r.pids_limit)});
    if (quota > 0)
      w.push_back({"", "cpu.max", std::to_string(quota) + " " + std::to_string(period)});
    if (r.cpu_shares > 0)
      w.push_back({"", "cpu.weight", std::to_string(1 + ((r.cpu_shares - 2) * 9999) / 262142)});
    if (!r.cpuset_cpus.empty())
      w.push_back({"", "cpuset.cpus", r.cpuset_cpus});
    if (!r.cpuset_mems.empty())
      w.push_back({"", "cpuset.mems", r.cpuset_mems});
    if (r.memory_reservation > 0)
      w.push_back({"", "memory.low", std::to_string(r.memory_reservation)});
    for (auto& io : plan_io_and_realtime(l, r))
      w.push_back(std::move(io));
    return w;
  }
  if (r.memory > 0)
    w.push_back({"memory", "memory.limit_in_bytes", std::to_string(r.memory)});
  if (r.memory > 0 && r.memory_swap > 0)
    w.push_back({"memory", "memory.memsw.limit_in_bytes", std::to_string(r.memory_swap)});
  if (r.pids_limit > 0)
    w.push_back({"pids", "pids.max", std::to_string(r.pids_limit)});
  if (quota > 0) {
    w.push_back({"cpu", "cpu.cfs_period_us", std::to_string(period)});
    w.push_back({"cpu", "cpu.cfs_quota_us", std::to_string(quota)});
  }
  if (r.cpu_shares > 0)
    w.push_back({"cpu", "cpu.shares", std::to_string(r.cpu_shares)});
  if (!r.cpuset_cpus.empty())
    w.push_back({"cpuset", "cpuset.cpus", r.cpuset_cpus});
  if (!r.cpuset_mems.empty())
    w.push_back({"cpuset", "cpuset.mems", r.cpuset_mems});
  if (r.memory_reservation > 0)
    w.push_back({"memory", "memory.soft_limit_in_bytes", std::to_string(r.memory_reservation)});
  // v1 only: cgroup v2 has no switch for the OOM killer (Docker discards it there too).
  if (r.oom_kill_disable)
    w.push_back({"memory", "memory.oom_control", "1"});
  for (auto& io : plan_io_and_realtime(l, r))
    w.push_back(std::move(io));
  return w;
}

std::vector<CgroupWrite> plan_device_writes(const CgroupLayout& l,
                                            const std::vector<DeviceRule>& rules) {
  std::vector<CgroupWrite> w;
  if (l.v2 || !l.v1_mounts.count("devices"))
    return w;
  w.push_back({"devices", "devices.deny", "a"});
  for (const auto& rule : rules)
    w.push_back({"devices", rule.allow ? "devices.allow" : "devices.deny", device_rule_text(rule)});
  return w;
}

} // namespace mydocker::runtime
