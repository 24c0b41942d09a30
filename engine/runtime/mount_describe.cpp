// Text form of mount steps: what the plan tests assert.
#include <sys/mount.h>
#include <sys/sysmacros.h>

#include <cstdio>

#include "engine/runtime/mount_plan.hpp"

namespace mydocker::runtime {

std::string mount_flag_names(unsigned long flags) {
  static const std::pair<unsigned long, const char*> NAMES[] = {{MS_BIND, "bind"},
                                                                {MS_REC, "rec"},
                                                                {MS_REMOUNT, "remount"},
                                                                {MS_RDONLY, "ro"},
                                                                {MS_NOSUID, "nosuid"},
                                                                {MS_NODEV, "nodev"},
                                                                {MS_NOEXEC, "noexec"},
                                                                {MS_RELATIME, "relatime"},
                                                                {MS_NOATIME, "noatime"},
                                                                {MS_STRICTATIME, "strictatime"},
                                                                {MS_NODIRATIME, "nodiratime"},
                                                                {MS_PRIVATE, "private"},
                                                                {MS_SHARED, "shared"},
                                                                {MS_SLAVE, "slave"}};
  std::string out;
  for (const auto& [bit, name] : NAMES)
    if (flags & bit)
      out += (out.empty() ? "" : ",") + std::string(name);
  return out.empty() ? "-" : out;
}

std::string describe(const MountStep& s) {
  std::string flags = mount_flag_names(s.flags);
  std::string data = s.data.empty() ? "" : " " + s.data;
  char mode[16];
  std::snprintf(mode, sizeof mode, "%o", s.mode & 07777);
  switch (s.kind) {
  case StepKind::MakePrivate: return "make-rprivate /";
  case StepKind::MountOverlay:
    return "overlay " + s.target + data + (s.source.empty() ? "" : " cwd=" + s.source);
  case StepKind::OpenRoot: return "open-root " + s.target;
  case StepKind::Mount:
    return "mount " + s.fstype + " " + s.source + " " + s.target + " " + flags + data;
  case StepKind::Bind: return "bind " + s.source + " " + s.target + " " + flags;
  case StepKind::Remount: return "remount " + s.target + " " + flags;
  case StepKind::Mkdir: return "mkdir " + s.target + " " + mode;
  case StepKind::Mknod:
    return "mknod " + s.target + " " + mode + " " + std::to_string(major(s.device)) + ":" +
           std::to_string(minor(s.device));
  case StepKind::Symlink: return "symlink " + s.target + " -> " + s.source;
  case StepKind::Pivot: return "pivot-root";
  case StepKind::Mask: return "mask " + s.target;
  case StepKind::ReadonlyPath: return "readonly " + s.target;
  case StepKind::CopyUp: return "copy-up " + s.target + " " + s.source;
  case StepKind::Propagate: return "propagate " + s.target + " " + flags;
  }
  return "unknown step";
}

} // namespace mydocker::runtime
