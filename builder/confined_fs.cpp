#include "builder/confined_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/split.hpp"

namespace mydocker::builder {

namespace {

Result<void> copy_bytes(int from, int to) {
  for (;;) {
    ssize_t n = ::copy_file_range(from, nullptr, to, nullptr, 1 << 30, 0);
    if (n == 0)
      return {};
    if (n > 0)
      continue;
    if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
      return sys_error("copy_file_range");
    break;
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(from, buf, sizeof buf);
    if (n == 0)
      return {};
    if (n < 0)
      return sys_error("read");
    for (ssize_t off = 0; off < n;) {
      ssize_t w = ::write(to, buf + off, size_t(n - off));
      if (w < 0)
        return sys_error("write");
      off += w;
    }
  }
}

Result<void> set_meta(int fd, const struct stat& src, const Ownership& owner) {
  if (::fchown(fd, owner.uid, owner.gid) != 0)
    return sys_error("chown");
  if (::fchmod(fd, owner.mode.value_or(src.st_mode & 07777)) != 0)
    return sys_error("chmod");
  struct timespec times[2] = {src.st_atim, src.st_mtim};
  (void)::futimens(fd, times);
  return {};
}

Result<void> copy_file(int src, const struct stat& st, int dst_dir, const std::string& name,
                       const Ownership& owner) {
  int flags = O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC;
  Fd out(::openat(dst_dir, name.c_str(), flags, 0600));
  if (!out && (errno == ELOOP || errno == EISDIR || errno == ENXIO)) {
    ::unlinkat(dst_dir, name.c_str(), 0); // a symlink or device there is replaced
    out = Fd(::openat(dst_dir, name.c_str(), flags, 0600));
  }
  if (!out)
    return sys_error("create " + name);
  TRY_VOID(copy_bytes(src, out.get()));
  return set_meta(out.get(), st, owner);
}

Result<Fd> make_dir(int parent, const std::string& name, const Ownership& owner, mode_t mode) {
  if (::mkdirat(parent, name.c_str(), mode) == 0) {
    Fd dir(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir)
      return sys_error("open " + name);
    // The owner may write into it while it is filled (a --chmod 0640 directory would refuse
    // a non-root daemon); the copy sets the final mode afterwards.
    if (::fchown(dir.get(), owner.uid, owner.gid) != 0 || ::fchmod(dir.get(), mode | S_IRWXU) != 0)
      return sys_error("chown " + name);
    return dir;
  }
  if (errno != EEXIST)
    return sys_error("mkdir " + name);
  Fd dir(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir)
    return sys_error("open " + name);
  return dir;
}

Result<void> copy_at(int src_dir, const std::string& name, int dst_dir, const std::string& dst_name,
                     const Ownership& owner);

Result<void> copy_dir_contents(int src, int dst, const Ownership& owner) {
  for (const auto& name : TRY(list_dir(src)))
    TRY_VOID(copy_at(src, name, dst, name, owner));
  return {};
}

// One entry of a copied directory: never followed.
Result<void> copy_at(int src_dir, const std::string& name, int dst_dir, const std::string& dst_name,
                     const Ownership& owner) {
  struct stat st {};
  if (::fstatat(src_dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error("stat " + name);
  if (S_ISLNK(st.st_mode)) {
    char target[4096];
    ssize_t n = ::readlinkat(src_dir, name.c_str(), target, sizeof target - 1);
    if (n < 0)
      return sys_error("readlink " + name);
    target[n] = 0;
    ::unlinkat(dst_dir, dst_name.c_str(), 0);
    if (::symlinkat(target, dst_dir, dst_name.c_str()) != 0)
      return sys_error("symlink " + dst_name);
    (void)::fchownat(dst_dir, dst_name.c_str(), owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW);
    return {};
  }
  int flags = (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0) | O_RDONLY | O_NOFOLLOW | O_CLOEXEC;
  if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
    return {}; // devices, FIFOs, sockets of a context are not copied
  Fd src(::openat(src_dir, name.c_str(), flags));
  if (!src)
    return sys_error("open " + name);
  if (!S_ISDIR(st.st_mode))
    return copy_file(src.get(), st, dst_dir, dst_name, owner);
  Fd dst = TRY(make_dir(dst_dir, dst_name, owner, owner.mode.value_or(st.st_mode & 07777)));
  TRY_VOID(copy_dir_contents(src.get(), dst.get(), owner));
  return set_meta(dst.get(), st, owner);
}

} // namespace

Result<std::vector<std::string>> list_dir(int dir) {
  int copy = ::fcntl(dir, F_DUPFD_CLOEXEC, 0);
  if (copy < 0)
    return sys_error("dup");
  DIR* d = ::fdopendir(copy);
  if (!d) {
    ::close(copy);
    return sys_error("fdopendir");
  }
  ::rewinddir(d);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..")
      names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

Result<Fd> open_in_root(int root_fd, const std::string& path, int flags, mode_t mode) {
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string rel = path.empty() ? "." : path;
  long fd = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
  if (fd < 0)
    return sys_error("open " + path);
  return Fd(static_cast<int>(fd));
}

// mkdir -p that follows an image's symlinks the way Docker does (a link whose target is
// missing gets that target created), always inside the root: targets are re-resolved from
// it, at most 40 links deep.
Result<Fd> make_dirs_in_root(int root_fd, const std::string& path, const Ownership& owner) {
  std::vector<std::string> todo = path_elements(path);
  std::string walked;
  Fd dir = TRY(open_in_root(root_fd, ".", O_RDONLY | O_DIRECTORY));
  for (int links = 0; !todo.empty();) {
    std::string name = todo.front();
    todo.erase(todo.begin());
    std::string next_path = walked + "/" + name;
    auto next = open_in_root(root_fd, next_path, O_RDONLY | O_DIRECTORY);
    if (!next && next.error().sys_errno == ENOENT) {
      char target[4096];
      ssize_t n = ::readlinkat(dir.get(), name.c_str(), target, sizeof target - 1);
      if (n > 0 && ++links <= 40) { // a dangling link: continue at its target
        target[n] = 0;
        auto rest = path_elements(target);
        todo.insert(todo.begin(), rest.begin(), rest.end());
        if (target[0] == '/') {
          walked.clear();
          dir = TRY(open_in_root(root_fd, ".", O_RDONLY | O_DIRECTORY));
        }
        continue;
      }
      next = make_dir(dir.get(), name, owner, 0755);
    }
    if (!next)
      return tl::unexpected(next.error());
    dir = std::move(*next);
    walked = next_path;
  }
  return dir;
}

Result<void> copy_tree(int src_root, const std::string& src_path, int dst_dir,
                       const std::string& dst_name, const Ownership& owner) {
  Fd src = TRY(open_in_root(src_root, src_path, O_RDONLY)); // the named source is followed
  struct stat st {};
  if (::fstat(src.get(), &st) != 0)
    return sys_error("stat " + src_path);
  if (S_ISDIR(st.st_mode)) {
    Fd dst = TRY(make_dir(dst_dir, dst_name, owner, owner.mode.value_or(st.st_mode & 07777)));
    TRY_VOID(copy_dir_contents(src.get(), dst.get(), owner));
    return set_meta(dst.get(), st, owner);
  }
  if (!S_ISREG(st.st_mode))
    return invalid_argument("cannot copy " + src_path + ": not a regular file or directory");
  return copy_file(src.get(), st, dst_dir, dst_name, owner);
}

Result<void> copy_dir_into(int src_root, const std::string& src_path, int dst_dir,
                           const Ownership& owner) {
  Fd src = TRY(open_in_root(src_root, src_path, O_RDONLY | O_DIRECTORY));
  return copy_dir_contents(src.get(), dst_dir, owner);
}

} // namespace mydocker::builder
