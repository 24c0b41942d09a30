// The container's own cgroup at /sys/fs/cgroup (planned from the host's mountinfo). Mounted
// inside the container's private cgroup namespace, each mount shows only its own cgroup.
#include <sys/mount.h>

#include "engine/runtime/mountinfo.hpp"

#include "common/split.hpp"

#include <algorithm>

#include "engine/runtime/mount_plan.hpp"

namespace mydocker::runtime {

namespace {

// Super options of a v1 cgroup mount that are not controllers.
bool is_controller(const std::string& option) {
  static const char* NOT_CONTROLLERS[] = {"rw",
                                          "ro",
                                          "xattr",
                                          "noprefix",
                                          "clone_children",
                                          "cpuset_v2_mode",
                                          "favordynmods",
                                          "nofavordynmods"};
  for (const char* name : NOT_CONTROLLERS)
    if (option == name)
      return false;
  return option.rfind("release_agent=", 0) != 0 && option.rfind("name=", 0) != 0;
}

// One v1 hierarchy from a mountinfo line's mount point and super options.
CgroupHierarchy hierarchy_of(const std::string& mount_point, const std::string& super_options) {
  CgroupHierarchy h;
  h.name = mount_point.substr(mount_point.rfind('/') + 1);
  for (const auto& option : split(super_options, ',')) {
    if (is_controller(option))
      h.controllers.push_back(option);
    if (is_controller(option) || option.rfind("name=", 0) == 0)
      h.options += (h.options.empty() ? "" : ",") + option;
  }
  return h;
}

MountStep step(StepKind kind, const std::string& fstype, const std::string& source,
               const std::string& target, unsigned long flags, const std::string& data = "") {
  MountStep s;
  s.kind = kind;
  s.fstype = fstype;
  s.source = source;
  s.target = target;
  s.flags = flags;
  s.data = data;
  return s;
}

} // namespace

CgroupMounts parse_cgroup_mounts(const std::string& mountinfo) {
  CgroupMounts out;
  bool has_v2 = false;
  for (const auto& m : parse_mountinfo(mountinfo)) {
    has_v2 = has_v2 || m.fstype == "cgroup2";
    if (m.fstype != "cgroup")
      continue;
    CgroupHierarchy h = hierarchy_of(m.mount_point, m.super_options);
    bool seen = std::any_of(out.v1.begin(), out.v1.end(),
                            [&](const CgroupHierarchy& o) { return o.options == h.options; });
    if (!h.controllers.empty() && !seen)
      out.v1.push_back(std::move(h));
  }
  out.v2 = out.v1.empty() && has_v2;
  return out;
}

std::vector<MountStep> plan_cgroup_mounts(const CgroupMounts& cgroups, bool privileged) {
  constexpr unsigned long FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  const unsigned long ro = privileged ? 0 : MS_RDONLY;
  const std::string root = "/sys/fs/cgroup";
  std::vector<MountStep> plan;
  if (cgroups.v2) {
    plan.push_back(step(StepKind::Mount, "cgroup2", "cgroup", root, FLAGS | ro));
    return plan;
  }
  if (cgroups.v1.empty())
    return plan;
  plan.push_back(step(StepKind::Mount, "tmpfs", "tmpfs", root, FLAGS, "mode=755"));
  for (const auto& h : cgroups.v1) {
    plan.push_back(
        step(StepKind::Mount, "cgroup", "cgroup", root + "/" + h.name, FLAGS | ro, h.options));
    for (const auto& controller : h.controllers)
      if (controller != h.name) // co-mounted: Docker's cpu -> cpu,cpuacct
        plan.push_back(step(StepKind::Symlink, "", h.name, root + "/" + controller, 0));
  }
  if (!privileged) // the tmpfs too: nothing may be created beside the hierarchies
    plan.push_back(step(StepKind::Remount, "", "", root, MS_BIND | MS_REMOUNT | MS_RDONLY | FLAGS));
  return plan;
}

} // namespace mydocker::runtime
