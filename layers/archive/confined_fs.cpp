#include "layers/archive/confined_fs.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers/archive/tar_path.hpp"

namespace mydocker::layers {

Result<Fd> open_in_root(int root_fd, const std::string& path, int flags) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string target = path.empty() ? "." : path;
  long fd = ::syscall(SYS_openat2, root_fd, target.c_str(), &how, sizeof how);
  if (fd < 0)
    return sys_error("open " + target);
  return Fd(static_cast<int>(fd));
}

Result<Fd> make_dirs_in_root(int root_fd, const std::string& path) {
  auto whole = open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
  if (whole || whole.error().sys_errno != ENOENT)
    return whole;
  Fd current = TRY(open_in_root(root_fd, "", O_PATH | O_DIRECTORY));
  std::string prefix;
  for (const auto& part : path_components(path)) {
    prefix += (prefix.empty() ? "" : "/") + part;
    auto next = open_in_root(root_fd, prefix, O_PATH | O_DIRECTORY);
    if (!next && next.error().sys_errno == ENOENT) {
      if (::mkdirat(current.get(), part.c_str(), 0755) != 0 && errno != EEXIST)
        return sys_error("mkdir " + prefix);
      next = open_in_root(root_fd, prefix, O_PATH | O_DIRECTORY);
    }
    if (!next)
      return tl::unexpected(next.error());
    current = std::move(*next);
  }
  return current;
}

Result<void> remove_existing(int parent_fd, const std::string& name) {
  struct stat st {};
  if (::fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return {};
  int flags = S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0;
  if (::unlinkat(parent_fd, name.c_str(), flags) != 0)
    return sys_error("remove " + name);
  return {};
}

} // namespace mydocker::layers
