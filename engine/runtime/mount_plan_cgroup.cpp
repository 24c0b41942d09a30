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
  h.mount_point = mount_point;
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
    if (m.fstype == "cgroup2" && !has_v2)
      out.v2_mount_point = m.mount_point;
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

namespace {

// --cgroupns host: the container's own directory of the hierarchy mounted at `mount_point`
// (one of `own_dirs`); "" when it has none there.
std::string own_dir_under(const std::string& mount_point,
                          const std::vector<std::string>& own_dirs) {
  for (const auto& dir : own_dirs)
    if (dir.rfind(mount_point + "/", 0) == 0)
      return dir;
  return "";
}

// One hierarchy at `target`: a cgroup mount of its own namespace, or a bind of its own dir.
void plan_hierarchy(std::vector<MountStep>& plan, MountStep mount,
                    const std::vector<std::string>& own_dirs, const std::string& mount_point) {
  if (own_dirs.empty()) {
    plan.push_back(std::move(mount));
    return;
  }
  std::string dir = own_dir_under(mount_point, own_dirs);
  if (dir.empty())
    return;
  const unsigned long attrs = mount.flags;
  plan.push_back(step(StepKind::Bind, "", dir, mount.target, MS_BIND));
  plan.push_back(step(StepKind::Remount, "", "", mount.target, MS_BIND | MS_REMOUNT | attrs));
}

} // namespace

std::vector<MountStep> plan_cgroup_mounts(const CgroupMounts& cgroups, bool privileged,
                                          const std::vector<std::string>& own_dirs) {
  constexpr unsigned long FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  const unsigned long ro = privileged ? 0 : MS_RDONLY;
  const std::string root = "/sys/fs/cgroup";
  std::vector<MountStep> plan;
  if (cgroups.v2) {
    MountStep v2 = step(StepKind::Mount, "cgroup2", "cgroup", root, FLAGS | ro);
    plan_hierarchy(plan, v2, own_dirs, cgroups.v2_mount_point);
    return plan;
  }
  if (cgroups.v1.empty())
    return plan;
  plan.push_back(step(StepKind::Mount, "tmpfs", "tmpfs", root, FLAGS, "mode=755"));
  for (const auto& h : cgroups.v1) {
    MountStep v1 =
        step(StepKind::Mount, "cgroup", "cgroup", root + "/" + h.name, FLAGS | ro, h.options);
    plan_hierarchy(plan, v1, own_dirs, h.mount_point);
    for (const auto& controller : h.controllers)
      if (controller != h.name) // co-mounted: Docker's cpu -> cpu,cpuacct
        plan.push_back(step(StepKind::Symlink, "", h.name, root + "/" + controller, 0));
  }
  if (!privileged) // the tmpfs too: nothing may be created beside the hierarchies
    plan.push_back(step(StepKind::Remount, "", "", root, MS_BIND | MS_REMOUNT | MS_RDONLY | FLAGS));
  return plan;
}

} // namespace mydocker::runtime
