// layers/ for the Dockerfile builder: context extraction and overlay views.
#include "layers/build_support.hpp"

#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers/archive/extract.hpp"
#include "layers/archive/overlay_view.hpp"

namespace mydocker::layers {

namespace {

bool compressed(std::string_view d) {
  auto starts = [&](std::string_view magic) { return d.substr(0, magic.size()) == magic; };
  return starts("\x1f\x8b") || starts("BZh") ||
         starts("\xfd"
                "7zXZ") ||
         starts("\x28\xb5\x2f\xfd");
}

int set_string(int fs, const char* key, const std::string& value) {
  return static_cast<int>(::syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, key, value.c_str(), 0));
}

// One layer at a time ("lowerdir+", 6.8+: any number fits), else one "lowerdir" string.
Result<void> set_lowers(int fs, const std::vector<std::string>& lowers) {
  if (set_string(fs, "lowerdir+", lowers[0]) == 0) {
    for (size_t i = 1; i < lowers.size(); ++i)
      if (set_string(fs, "lowerdir+", lowers[i]) != 0)
        return sys_error("overlay lowerdir+ " + lowers[i]);
    return {};
  }
  std::string joined;
  for (const auto& dir : lowers)
    joined += (joined.empty() ? "" : ":") + dir;
  if (set_string(fs, "lowerdir", joined) != 0)
    return sys_error("overlay lowerdir");
  return {};
}

} // namespace

bool looks_like_archive(std::string_view data) {
  return compressed(data) || (data.size() >= 263 && data.substr(257, 5) == "ustar");
}

Result<void> extract_archive_into(std::string_view tar, const std::string& dir) {
  if (tar.empty())
    return {};
  if (!compressed(tar)) {
    TRY(extract_tar(tar, dir));
    return {};
  }
  std::string plain = TRY(decompress(tar));
  TRY(extract_tar(plain, dir));
  return {};
}

Result<Fd> open_lower_view(const ContainerLayer& layer) {
  if (layer.lower_dirs.empty())
    return Fd();
  return open_overlay_view(layer.lower_dirs);
}

Result<Fd> open_writable_view(const ContainerLayer& layer) {
  if (layer.lower_dirs.empty()) { // nothing to merge: the upper dir itself
    long fd = ::syscall(SYS_open_tree, AT_FDCWD, layer.upper_dir.c_str(),
                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (fd < 0)
      return sys_error("open_tree " + layer.upper_dir);
    return Fd(static_cast<int>(fd));
  }
  Fd fs(static_cast<int>(::syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC)));
  if (!fs)
    return sys_error("fsopen overlay");
  TRY_VOID(set_lowers(fs.get(), layer.lower_dirs));
  if (set_string(fs.get(), "upperdir", layer.upper_dir) != 0 ||
      set_string(fs.get(), "workdir", layer.work_dir) != 0)
    return sys_error("overlay upperdir");
  if (::syscall(SYS_fsconfig, fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
    return sys_error("create overlay");
  long mnt = ::syscall(SYS_fsmount, fs.get(), FSMOUNT_CLOEXEC, 0);
  if (mnt < 0)
    return sys_error("fsmount overlay");
  return Fd(static_cast<int>(mnt));
}

} // namespace mydocker::layers
