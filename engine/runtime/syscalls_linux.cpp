// The real Syscalls: targets opened with openat2(RESOLVE_IN_ROOT) relative to the root's fd
// and mounted through /proc/self/fd/N, so no symlink inside the root reaches the host.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/fd.hpp"
#include "engine/runtime/copy_up.hpp"
#include "engine/runtime/mount_plan.hpp"
#include "engine/runtime/syscalls.hpp"

namespace mydocker::runtime {

namespace {

std::string failed(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

std::string fd_path(const Fd& fd) {
  return "/proc/self/fd/" + std::to_string(fd.get());
}

std::string parent_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  return path.substr(path.find_last_of('/') + 1);
}

// Unmapped errno on failure; EAGAIN (a concurrent rename) is retried.
Fd open_in_root(int root_fd, const std::string& path, int flags) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string target = path.empty() ? "/" : path;
  for (int attempt = 0; attempt < 16; ++attempt) {
    long fd = ::syscall(SYS_openat2, root_fd, target.c_str(), &how, sizeof how);
    if (fd >= 0)
      return Fd(static_cast<int>(fd));
    if (errno != EAGAIN)
      break;
  }
  return Fd();
}

// mkdir -p inside the root; every level is resolved inside it before the next is made. A
// dangling symlink on the way gets its target made, inside the root too (as runc does).
Fd make_dirs_in_root(int root_fd, const std::string& path, mode_t mode, int depth = 0) {
  Fd whole = open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
  if (whole || errno != ENOENT || depth > 40)
    return whole;
  Fd parent = make_dirs_in_root(root_fd, parent_of(path), mode, depth + 1);
  if (!parent)
    return parent;
  std::string name = base_of(path);
  if (::mkdirat(parent.get(), name.c_str(), mode) != 0 && errno == EEXIST) {
    char link[4096];
    ssize_t n = ::readlinkat(parent.get(), name.c_str(), link, sizeof link - 1);
    if (n > 0) {
      std::string text(link, static_cast<size_t>(n));
      Fd made = make_dirs_in_root(root_fd, text[0] == '/' ? text : parent_of(path) + "/" + text,
                                  mode, depth + 1);
      if (!made)
        return made;
    }
  }
  return open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
}

unsigned long long mount_attrs(unsigned long flags) {
  unsigned long long attrs = 0;
  attrs |= (flags & MS_RDONLY) ? MOUNT_ATTR_RDONLY : 0;
  attrs |= (flags & MS_NOSUID) ? MOUNT_ATTR_NOSUID : 0;
  attrs |= (flags & MS_NODEV) ? MOUNT_ATTR_NODEV : 0;
  attrs |= (flags & MS_NOEXEC) ? MOUNT_ATTR_NOEXEC : 0;
  return attrs;
}

class LinuxSyscalls final : public Syscalls {
public:
  std::string make_rprivate() override {
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return failed("make / private");
    return "";
  }

  // The merged dir and the layer dirs are the daemon's own paths, not the image's.
  std::string mount_overlay(const std::string& target, const std::string& options,
                            const std::string& cwd) override {
    ::mkdir(target.c_str(), 0755);
    Fd saved(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0)
      return failed("chdir " + cwd);
    int mounted = ::mount("overlay", target.c_str(), "overlay", 0, options.c_str());
    int saved_errno = errno;
    if (!cwd.empty() && saved && ::fchdir(saved.get()) != 0)
      return failed("chdir back");
    errno = saved_errno;
    return mounted == 0 ? "" : failed("mount overlay on " + target);
  }

  std::string open_root(const std::string& path) override {
    m_root.reset(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    return m_root ? "" : failed("open root " + path);
  }

  std::string mount(const std::string& fstype, const std::string& source, const std::string& target,
                    unsigned long flags, const std::string& data) override {
    Fd dir = make_dirs_in_root(m_root.get(), target, 0755);
    if (!dir)
      return failed("mount " + fstype + " on " + target + ": create target");
    if (::mount(source.c_str(), fd_path(dir).c_str(), fstype.c_str(), flags,
                data.empty() ? nullptr : data.c_str()) != 0)
      return failed("mount " + fstype + " on " + target);
    return "";
  }

  std::string bind(const std::string& source, const std::string& target,
                   unsigned long flags) override {
    Fd src(::open(source.c_str(), O_PATH | O_CLOEXEC));
    struct stat st {};
    if (!src || ::fstat(src.get(), &st) != 0)
      return failed("bind " + source + " on " + target + ": open source");
    Fd dst =
        S_ISDIR(st.st_mode) ? make_dirs_in_root(m_root.get(), target, 0755) : file_in_root(target);
    if (!dst)
      return failed("bind " + source + " on " + target + ": create target");
    if (::mount(fd_path(src).c_str(), fd_path(dst).c_str(), nullptr, flags, nullptr) != 0)
      return failed("bind " + source + " on " + target);
    return "";
  }

  std::string bind_self(const std::string& target) override {
    Fd fd = open_in_root(m_root.get(), target, O_PATH);
    if (!fd ||
        ::mount(fd_path(fd).c_str(), fd_path(fd).c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
      return failed("bind " + target + " on itself");
    return "";
  }

  // Opened again after the bind: the fd must name the new mount, not the one below it.
  std::string remount(const std::string& target, unsigned long flags) override {
    Fd fd = open_in_root(m_root.get(), target, O_PATH);
    if (!fd)
      return failed("remount " + target + " " + mount_flag_names(flags));
    if (flags & MS_REC) {
      mount_attr attr{};
      attr.attr_set = mount_attrs(flags);
      if (::mount_setattr(fd.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) == 0)
        return "";
      if (errno != ENOSYS)
        return failed("remount " + target + " " + mount_flag_names(flags));
    }
    if (::mount(nullptr, fd_path(fd).c_str(), nullptr, flags & ~MS_REC, nullptr) != 0)
      return failed("remount " + target + " " + mount_flag_names(flags));
    return "";
  }

  std::string mkdir_all(const std::string& target, uint32_t mode) override {
    return make_dirs_in_root(m_root.get(), target, mode) ? "" : failed("mkdir " + target);
  }

  std::string mknod(const std::string& target, uint32_t mode, uint64_t device) override {
    Fd parent = make_dirs_in_root(m_root.get(), parent_of(target), 0755);
    mode_t old = ::umask(0); // device modes exactly as asked
    int rc = parent ? ::mknodat(parent.get(), base_of(target).c_str(), mode, device) : -1;
    int saved_errno = errno;
    ::umask(old);
    errno = saved_errno;
    return rc == 0 ? "" : failed("mknod " + target);
  }

  std::string symlink(const std::string& text, const std::string& target) override {
    Fd parent = make_dirs_in_root(m_root.get(), parent_of(target), 0755);
    if (!parent || ::symlinkat(text.c_str(), parent.get(), base_of(target).c_str()) != 0)
      return failed("symlink " + target);
    return "";
  }

  PathKind path_kind(const std::string& target) override {
    Fd fd = open_in_root(m_root.get(), target, O_PATH);
    struct stat st {};
    if (!fd)
      return errno == ENOENT ? PathKind::Missing : PathKind::Other;
    if (::fstat(fd.get(), &st) != 0)
      return PathKind::Other;
    return S_ISDIR(st.st_mode) ? PathKind::Directory : PathKind::Other;
  }

  // The volume's dir is the daemon's own path; the mount point is resolved inside the root.
  std::string copy_up(const std::string& target, const std::string& host_dir) override {
    Fd from = open_in_root(m_root.get(), target, O_RDONLY | O_DIRECTORY);
    if (!from)
      return errno == ENOENT || errno == ENOTDIR ? "" : failed("copy-up from " + target);
    Fd to(::open(host_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!to)
      return failed("copy-up into " + host_dir);
    if (!directory_is_empty(to.get()))
      return ""; // only a new, empty volume gets the image's content
    if (auto e = copy_tree(from.get(), to.get()); !e.empty())
      return "copy-up of " + target + ": " + e;
    if (auto e = copy_attributes(from.get(), to.get()); !e.empty())
      return "copy-up of " + target + ": " + e;
    return "";
  }

  std::string propagate(const std::string& target, unsigned long flags) override {
    std::string what = "set propagation of " + target + " " + mount_flag_names(flags);
    if (!m_root)
      return ::mount(nullptr, target.c_str(), nullptr, flags, nullptr) == 0 ? "" : failed(what);
    Fd fd = open_in_root(m_root.get(), target, O_PATH);
    if (!fd || ::mount(nullptr, fd_path(fd).c_str(), nullptr, flags, nullptr) != 0)
      return failed(what);
    return "";
  }

  std::string pivot_root() override {
    if (::fchdir(m_root.get()) != 0)
      return failed("chdir to the root");
    if (::syscall(SYS_pivot_root, ".", ".") != 0)
      return failed("pivot_root");
    if (::umount2(".", MNT_DETACH) != 0)
      return failed("unmount old root");
    if (::chdir("/") != 0)
      return failed("chdir /");
    return open_root("/");
  }

private:
  // An empty file made inside the root when missing (O_EXCL: never through a symlink; a
  // dangling one, as /etc/resolv.conf often is, gets its target made inside the root).
  Fd file_in_root(const std::string& target, int depth = 0) {
    Fd parent = make_dirs_in_root(m_root.get(), parent_of(target), 0755);
    if (!parent)
      return parent;
    std::string name = base_of(target);
    Fd made(::openat(parent.get(), name.c_str(),
                     O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!made && errno != EEXIST)
      return Fd();
    Fd found = open_in_root(m_root.get(), target, O_PATH);
    char link[4096];
    ssize_t n =
        found || depth > 40 ? -1 : ::readlinkat(parent.get(), name.c_str(), link, sizeof link - 1);
    if (n <= 0)
      return found;
    std::string text(link, static_cast<size_t>(n));
    if (!file_in_root(text[0] == '/' ? text : parent_of(target) + "/" + text, depth + 1))
      return Fd();
    return open_in_root(m_root.get(), target, O_PATH);
  }

  Fd m_root;
};

} // namespace

std::unique_ptr<Syscalls> make_linux_syscalls() {
  return std::make_unique<LinuxSyscalls>();
}

} // namespace mydocker::runtime
