#include "layers/archive/overlay_view.hpp"

#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mydocker::layers {

namespace {

int set_string(int fs, const char* key, const std::string& value) {
  return static_cast<int>(::syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, key, value.c_str(), 0));
}

} // namespace

Result<Fd> open_overlay_view(const std::vector<std::string>& lowers) {
  if (lowers.empty())
    return invalid_argument("overlay without layers");
  if (lowers.size() == 1) { // overlayfs wants two lowers without an upper: a bind will do
    long fd =
        ::syscall(SYS_open_tree, AT_FDCWD, lowers[0].c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (fd < 0)
      return sys_error("open_tree " + lowers[0]);
    return Fd(static_cast<int>(fd));
  }
  Fd fs(static_cast<int>(::syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC)));
  if (!fs)
    return sys_error("fsopen overlay");
  bool each = set_string(fs.get(), "lowerdir+", lowers[0]) == 0;
  if (each) {
    for (size_t i = 1; i < lowers.size(); ++i)
      if (set_string(fs.get(), "lowerdir+", lowers[i]) != 0)
        return sys_error("overlay lowerdir+ " + lowers[i]);
  } else {
    std::string joined;
    for (const auto& dir : lowers)
      joined += (joined.empty() ? "" : ":") + dir;
    if (set_string(fs.get(), "lowerdir", joined) != 0)
      return sys_error("overlay lowerdir");
  }
  if (::syscall(SYS_fsconfig, fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
    return sys_error("create overlay");
  long mnt = ::syscall(SYS_fsmount, fs.get(), FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY);
  if (mnt < 0)
    return sys_error("fsmount overlay");
  return Fd(static_cast<int>(mnt));
}

} // namespace mydocker::layers
