// The container's root: plan its mounts from the spec and the host's cgroup mounts, apply
// them with the real system calls.
#include "engine/runtime/rootfs_setup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "common/fd.hpp"
#include "engine/runtime/mount_apply.hpp"
#include "engine/runtime/mount_plan.hpp"
#include "engine/runtime/syscalls.hpp"

namespace mydocker::runtime {

namespace {

// The host's mount table, still visible before pivot_root (the kernel's own file).
std::string read_mountinfo() {
  std::string text;
  Fd fd(::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
  char buf[16384];
  for (ssize_t n; fd && (n = ::read(fd.get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

} // namespace

std::string overlay_options(const OverlayRootfs& r, bool relative) {
  std::string lower;
  for (const auto& dir : relative ? r.lower_links : r.lower_dirs)
    lower += (lower.empty() ? "" : ":") + dir;
  return "lowerdir=" + lower + ",upperdir=" + r.upper_dir + ",workdir=" + r.work_dir;
}

bool needs_relative_lowers(const OverlayRootfs& r) {
  // The kernel copies at most one page of mount data (NUL included).
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return !r.lower_root.empty() && r.lower_links.size() == r.lower_dirs.size() &&
         overlay_options(r, false).size() >= page;
}

std::string setup_rootfs(const Spec& spec) {
  auto plan = plan_mounts(spec, parse_cgroup_mounts(read_mountinfo()));
  auto sys = make_linux_syscalls();
  return apply_mounts(plan, *sys);
}

} // namespace mydocker::runtime
