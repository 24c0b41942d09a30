// Pure planning of a container's mounts (Docker's and runc's defaults and order).
#include "engine/runtime/mount_plan.hpp"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>

#include "engine/runtime/rootfs_setup.hpp"

namespace mydocker::runtime {

namespace {

constexpr const char* COPY_UP = "copy-up"; // engine/volume_binds.hpp COPY_UP_OPTION
constexpr unsigned long PROC_FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;

MountStep mount_step(const std::string& fstype, const std::string& source,
                     const std::string& target, unsigned long flags, const std::string& data = "") {
  MountStep s;
  s.kind = StepKind::Mount;
  s.fstype = fstype;
  s.source = source;
  s.target = target;
  s.flags = flags;
  s.data = data;
  return s;
}

MountStep path_step(StepKind kind, const std::string& target, const std::string& source = "") {
  MountStep s;
  s.kind = kind;
  s.target = target;
  s.source = source;
  return s;
}

struct DeviceNode {
  const char* name;
  unsigned major, minor;
};
constexpr DeviceNode DEVICES[] = {{"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
                                  {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};

void plan_dev(std::vector<MountStep>& plan, bool dev_shm) {
  plan.push_back(
      mount_step("tmpfs", "tmpfs", "/dev", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"));
  for (const auto& d : DEVICES) {
    MountStep node = path_step(StepKind::Mknod, std::string("/dev/") + d.name);
    node.mode = S_IFCHR | 0666;
    node.device = makedev(d.major, d.minor);
    plan.push_back(node);
  }
  plan.push_back(mount_step("devpts", "devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC,
                            "newinstance,ptmxmode=0666,mode=0620,gid=5"));
  if (dev_shm) // --ipc none: none at all; container:X: X's, bound in later (Spec::dev_shm)
    plan.push_back(mount_step("tmpfs", "shm", "/dev/shm", PROC_FLAGS, "mode=1777,size=65536k"));
  plan.push_back(mount_step("mqueue", "mqueue", "/dev/mqueue", PROC_FLAGS));
  const char* links[][2] = {{"pts/ptmx", "ptmx"},
                            {"/proc/self/fd", "fd"},
                            {"/proc/self/fd/0", "stdin"},
                            {"/proc/self/fd/1", "stdout"},
                            {"/proc/self/fd/2", "stderr"}};
  for (auto& l : links)
    plan.push_back(path_step(StepKind::Symlink, std::string("/dev/") + l[1], l[0]));
}

MountStep overlay_step(const OverlayRootfs& r) {
  bool relative = needs_relative_lowers(r);
  MountStep s = path_step(StepKind::MountOverlay, r.merged_dir, relative ? r.lower_root : "");
  s.fstype = "overlay";
  s.data = overlay_options(r, relative);
  return s;
}

MountStep remount_step(const std::string& target, unsigned long flags) {
  MountStep s = path_step(StepKind::Remount, target);
  s.flags = MS_BIND | MS_REMOUNT | flags;
  return s;
}

// Flags named in a mount's options; the rest is the filesystem's data.
unsigned long split_options(const std::vector<std::string>& options, std::string& data) {
  static const std::pair<const char*, unsigned long> FLAGS[] = {{"ro", MS_RDONLY},
                                                                {"nosuid", MS_NOSUID},
                                                                {"nodev", MS_NODEV},
                                                                {"noexec", MS_NOEXEC},
                                                                {"bind", MS_BIND},
                                                                {"rbind", MS_BIND | MS_REC},
                                                                {"relatime", MS_RELATIME},
                                                                {"noatime", MS_NOATIME},
                                                                {"strictatime", MS_STRICTATIME},
                                                                {"nodiratime", MS_NODIRATIME}};
  unsigned long flags = 0;
  for (const auto& o : options) {
    // Propagation (Docker's default rprivate) is what the private root gives already.
    bool known = o == "rw" || o == "private" || o == "rprivate" || o == "slave" || o == "rslave" ||
                 o == "shared" || o == "rshared";
    for (const auto& [name, bit] : FLAGS)
      if (o == name) {
        flags |= bit;
        known = true;
      }
    if (!known)
      data += (data.empty() ? "" : ",") + o;
  }
  return flags;
}

const std::pair<const char*, unsigned long> PROPAGATIONS[] = {
    {"private", MS_PRIVATE}, {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},   {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},     {"rslave", MS_SLAVE | MS_REC}};

// A bind's own propagation; a private one needs no step while the root is private too.
unsigned long propagation_of(const std::vector<std::string>& options, bool root_is_private) {
  for (const auto& o : options)
    for (const auto& [name, flags] : PROPAGATIONS)
      if (o == name && !(root_is_private && (flags & MS_PRIVATE)))
        return flags;
  return 0;
}

MountStep propagate_step(const std::string& target, unsigned long flags) {
  MountStep s = path_step(StepKind::Propagate, target);
  s.flags = flags;
  return s;
}

MountStep root_step(unsigned long propagation) {
  if (propagation == 0)
    return path_step(StepKind::MakePrivate, "/");
  return propagate_step("/", propagation);
}

// Removes `option` from the list; true when it was there.
bool take_option(std::vector<std::string>& options, const std::string& option) {
  auto it = std::find(options.begin(), options.end(), option);
  if (it == options.end())
    return false;
  options.erase(it);
  return true;
}

} // namespace

std::vector<MountStep> plan_spec_mounts(const std::vector<MountEntry>& mounts) {
  std::vector<MountStep> plan;
  const bool root_is_private = root_propagation(mounts) == 0;
  constexpr unsigned long ATTRS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  for (const auto& given : mounts) {
    MountEntry m = given;
    if (take_option(m.options, COPY_UP))
      plan.push_back(path_step(StepKind::CopyUp, m.destination, m.source));
    std::string data;
    unsigned long flags = split_options(m.options, data);
    if (m.type != "bind" && !(flags & MS_BIND)) {
      plan.push_back(
          mount_step(m.type, m.source.empty() ? m.type : m.source, m.destination, flags, data));
      continue;
    }
    MountStep bind = path_step(StepKind::Bind, m.destination, m.source);
    bind.flags = MS_BIND | (flags & MS_REC);
    plan.push_back(bind);
    // A bind takes the source's flags: ro, nosuid... need a remount of the new mount.
    if (flags & ATTRS)
      plan.push_back(remount_step(m.destination, (flags & (ATTRS | MS_REC))));
    if (unsigned long p = propagation_of(m.options, root_is_private); p != 0)
      plan.push_back(propagate_step(m.destination, p));
  }
  return plan;
}

unsigned long root_propagation(const std::vector<MountEntry>& mounts) {
  for (const auto& m : mounts)
    if (propagation_of(m.options, true) != 0)
      return MS_SLAVE | MS_REC;
  return 0;
}

// --cgroupns host: the dirs of the cgroup.procs files the shim put the init in.
std::vector<std::string> host_cgroupns_dirs(const Spec& spec) {
  std::vector<std::string> dirs;
  if (spec.join_namespaces.count("cgroup"))
    for (const auto& procs : spec.cgroup_procs)
      dirs.push_back(procs.substr(0, procs.rfind('/')));
  return dirs;
}

std::vector<MountStep> plan_mounts(const Spec& spec, const CgroupMounts& cgroups) {
  std::vector<MountStep> plan;
  plan.push_back(root_step(root_propagation(spec.mounts)));
  plan.push_back(overlay_step(spec.rootfs));
  plan.push_back(path_step(StepKind::OpenRoot, spec.rootfs.merged_dir));
  plan.push_back(mount_step("proc", "proc", "/proc", PROC_FLAGS));
  plan_dev(plan, spec.dev_shm);
  plan.push_back(
      mount_step("sysfs", "sysfs", "/sys", PROC_FLAGS | (spec.privileged ? 0 : MS_RDONLY)));
  for (auto& step : plan_cgroup_mounts(cgroups, spec.privileged, host_cgroupns_dirs(spec)))
    plan.push_back(std::move(step));
  for (auto& step : plan_spec_mounts(spec.mounts))
    plan.push_back(std::move(step));
  // Docker creates a missing WorkingDir as root; before a read-only remount of "/".
  MountStep cwd = path_step(StepKind::Mkdir, spec.process.cwd.empty() ? "/" : spec.process.cwd);
  cwd.mode = 0755;
  plan.push_back(cwd);
  plan.push_back(path_step(StepKind::Pivot, "/"));
  for (const auto& path : spec.masked_paths)
    plan.push_back(path_step(StepKind::Mask, path));
  for (const auto& path : spec.readonly_paths)
    plan.push_back(path_step(StepKind::ReadonlyPath, path));
  if (spec.rootfs.read_only)
    plan.push_back(remount_step("/", MS_RDONLY));
  return plan;
}

} // namespace mydocker::runtime
