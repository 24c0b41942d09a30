#include "engine/runtime/shm_donor.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/fd.hpp"

namespace mydocker::runtime {

namespace {

std::string failed(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// In the donor's namespace: a detached clone of its /dev/shm mount, or -1 (errno set). Paths
// resolve against the donor's root (setns moved ours there); no symlink is followed.
Fd clone_shm_mount() {
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  Fd dev(static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, "/dev", &how, sizeof how)));
  if (!dev)
    return Fd();
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  Fd shm(static_cast<int>(::syscall(SYS_openat2, dev.get(), "shm", &how, sizeof how)));
  if (!shm)
    return Fd();
  return Fd(static_cast<int>(::syscall(SYS_open_tree, shm.get(), "",
                                       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH)));
}

// Enter the donor's mount namespace, clone, come back (root and cwd restored).
std::string clone_from(const std::string& donor_mnt_ns, Fd& tree) {
  Fd own(::open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC));
  Fd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  Fd cwd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  Fd donor(::open(donor_mnt_ns.c_str(), O_RDONLY | O_CLOEXEC));
  if (!own || !root || !cwd || !donor)
    return failed("open mount namespace " + donor_mnt_ns);
  if (::setns(donor.get(), CLONE_NEWNS) != 0)
    return failed("join mount namespace " + donor_mnt_ns);
  tree = clone_shm_mount();
  int clone_errno = errno;
  if (::setns(own.get(), CLONE_NEWNS) != 0 || ::fchdir(root.get()) != 0 || ::chroot(".") != 0 ||
      ::fchdir(cwd.get()) != 0)
    return failed("return to the shim's mount namespace");
  errno = clone_errno;
  return tree ? "" : failed("clone /dev/shm of " + donor_mnt_ns);
}

} // namespace

std::string stage_donor_shm(const std::string& donor_mnt_ns, const std::string& staging) {
  Fd tree;
  if (auto error = clone_from(donor_mnt_ns, tree); !error.empty())
    return error;
  struct statfs fs {};
  if (::fstatfs(tree.get(), &fs) != 0 || fs.f_type != TMPFS_MAGIC)
    return "/dev/shm of " + donor_mnt_ns + " is not a tmpfs";
  if (::mkdir(staging.c_str(), 0700) != 0 && errno != EEXIST)
    return failed("mkdir " + staging);
  if (::syscall(SYS_move_mount, tree.get(), "", AT_FDCWD, staging.c_str(),
                MOVE_MOUNT_F_EMPTY_PATH) != 0)
    return failed("attach /dev/shm of " + donor_mnt_ns + " at " + staging);
  return "";
}

void unstage_donor_shm(const std::string& staging) {
  constexpr int DETACH = 2; // MNT_DETACH of <sys/mount.h>, which clashes with <linux/mount.h>
  ::syscall(SYS_umount2, staging.c_str(), DETACH);
  ::rmdir(staging.c_str());
}

} // namespace mydocker::runtime
