// The thin applier of a mount plan: one Syscalls call per step (two for a read-only path).
#include "engine/runtime/mount_apply.hpp"

#include <sys/mount.h>

namespace mydocker::runtime {

namespace {

// Docker's masks: a directory gets an empty read-only tmpfs, a file /dev/null on top.
std::string mask(const MountStep& s, Syscalls& sys) {
  switch (sys.path_kind(s.target)) {
  case PathKind::Missing: return "";
  case PathKind::Directory: return sys.mount("tmpfs", "tmpfs", s.target, MS_RDONLY, "");
  case PathKind::Other: return sys.bind("/dev/null", s.target, MS_BIND);
  }
  return "";
}

std::string readonly_path(const MountStep& s, Syscalls& sys) {
  if (sys.path_kind(s.target) == PathKind::Missing)
    return "";
  if (auto e = sys.bind_self(s.target); !e.empty())
    return e;
  return sys.remount(s.target, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC);
}

std::string apply_step(const MountStep& s, Syscalls& sys) {
  switch (s.kind) {
  case StepKind::MakePrivate: return sys.make_rprivate();
  case StepKind::MountOverlay: return sys.mount_overlay(s.target, s.data, s.source);
  case StepKind::OpenRoot: return sys.open_root(s.target);
  case StepKind::Mount: return sys.mount(s.fstype, s.source, s.target, s.flags, s.data);
  case StepKind::Bind: return sys.bind(s.source, s.target, s.flags);
  case StepKind::Remount: return sys.remount(s.target, s.flags);
  case StepKind::Mkdir: return sys.mkdir_all(s.target, s.mode);
  case StepKind::Mknod: return sys.mknod(s.target, s.mode, s.device);
  case StepKind::Symlink: return sys.symlink(s.source, s.target);
  case StepKind::Pivot: return sys.pivot_root();
  case StepKind::Mask: return mask(s, sys);
  case StepKind::ReadonlyPath: return readonly_path(s, sys);
  case StepKind::CopyUp: return sys.copy_up(s.target, s.source);
  case StepKind::Propagate: return sys.propagate(s.target, s.flags);
  }
  return "unknown mount step";
}

} // namespace

std::string apply_mounts(const std::vector<MountStep>& plan, Syscalls& sys) {
  for (const auto& step : plan)
    if (auto e = apply_step(step, sys); !e.empty())
      return e;
  return "";
}

} // namespace mydocker::runtime
