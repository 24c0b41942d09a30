// The mount plan of a container's root: a pure list of steps computed from the Spec (overlay,
// /proc, /dev, /sys, the container's cgroup, the spec's mounts, pivot_root, masked and
// read-only paths). mount_apply runs it through Syscalls; unit tests assert it without root.
// Every target is a path inside the container root, resolved there, never on the host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

enum class StepKind {
  MakePrivate,  // nothing mounted here propagates back to the host
  MountOverlay, // target: merged dir on the host (daemon's path); source: cwd for short lowers
  OpenRoot,     // target: the merged dir; later targets resolve inside it
  Mount,        // a filesystem (fstype, source, flags, data) on target; missing dirs created
  Bind,         // source (a path outside the root) on target; target created as file or dir
  Remount,      // change the flags of the mount at target
  Mkdir,        // mkdir -p target (mode)
  Mknod,        // character device target (mode, device)
  Symlink,      // target -> source
  Pivot,        // pivot_root into the root; later targets resolve inside "/"
  Mask,         // dir: read-only tmpfs, file: /dev/null bound on it; missing: skipped
  ReadonlyPath, // bound on itself and remounted read-only; missing: skipped
  CopyUp,       // an empty source (a volume's dir) gets target's content in the root first
  Propagate,    // propagation flags (MS_SLAVE, MS_SHARED, | MS_REC) of the mount at target;
                // "/" before OpenRoot is the host's root in the container's mount namespace
};

struct MountStep {
  StepKind kind = StepKind::Mount;
  std::string target;
  std::string source;
  std::string fstype;
  unsigned long flags = 0; // MS_* flags
  std::string data;        // mount data ("mode=755,size=65536k")
  uint32_t mode = 0;       // Mkdir, Mknod
  uint64_t device = 0;     // Mknod: makedev(major, minor)
};

// The cgroup hierarchies mounted at /sys/fs/cgroup inside the container.
struct CgroupHierarchy {
  std::string name;                     // directory under /sys/fs/cgroup ("cpu,cpuacct")
  std::string options;                  // mount data: every controller of the hierarchy
  std::vector<std::string> controllers; // symlinks for each one that differs from name
  std::string mount_point;              // the host's, "/sys/fs/cgroup/memory"
};
struct CgroupMounts {
  bool v2 = false; // one cgroup2 mount (pure v2 host)
  std::vector<CgroupHierarchy> v1;
  std::string v2_mount_point;
};

// From /proc/self/mountinfo: the v1 hierarchies with controllers (named-only ones such as
// name=systemd are left out), else cgroup2 when the host has no v1 controllers.
CgroupMounts parse_cgroup_mounts(const std::string& mountinfo);

std::vector<MountStep> plan_mounts(const Spec& spec, const CgroupMounts& cgroups);
// `own_dirs` (--cgroupns host): the container's cgroup directories on the host, bound instead
// of mounting each hierarchy (a mount in the host's cgroup namespace would show its root).
std::vector<MountStep> plan_cgroup_mounts(const CgroupMounts& cgroups, bool privileged,
                                          const std::vector<std::string>& own_dirs = {});
// Steps of the spec's own mounts (binds, tmpfs, ...; later volumes).
std::vector<MountStep> plan_spec_mounts(const std::vector<MountEntry>& mounts);
// The root's propagation: MS_SLAVE|MS_REC when a bind asks (r)shared or (r)slave (host
// mounts reach the container, nothing the container mounts reaches the host; Docker's
// rshared root would let it), else 0 (rprivate).
unsigned long root_propagation(const std::vector<MountEntry>& mounts);

// One line per step, for tests and logs: "mount proc proc /proc nosuid,nodev,noexec".
std::string describe(const MountStep& step);
std::string mount_flag_names(unsigned long flags);

} // namespace mydocker::runtime
