#include "engine/runtime/copy_up.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "common/fd.hpp"

namespace mydocker::runtime {

namespace {

constexpr int MAX_DEPTH = 512;

std::string failed(const std::string& what, const std::string& name) {
  return what + " " + name + ": " + std::strerror(errno);
}

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

// The names in a directory (read through a duplicate: closedir closes its own fd).
bool list_names(int dir, std::vector<std::string>& names) {
  int copy = ::fcntl(dir, F_DUPFD_CLOEXEC, 0);
  std::unique_ptr<DIR, DirCloser> d(copy < 0 ? nullptr : ::fdopendir(copy));
  if (!d) {
    if (copy >= 0)
      ::close(copy);
    return false;
  }
  ::rewinddir(d.get());
  while (dirent* e = ::readdir(d.get()))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
      names.emplace_back(e->d_name);
  return true;
}

std::string copy_file_data(int from, int to, const std::string& name) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(from, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return failed("read", name);
    if (n == 0)
      return "";
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(to, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno != EINTR)
        return failed("write", name);
      done += w > 0 ? w : 0;
    }
  }
}

// Owner first, then the mode (chown clears setuid bits), then the times.
std::string set_attributes(int fd, const struct stat& st, const std::string& name) {
  if (::fchown(fd, st.st_uid, st.st_gid) != 0)
    return failed("chown", name);
  if (::fchmod(fd, st.st_mode & 07777) != 0)
    return failed("chmod", name);
  const timespec times[2] = {st.st_atim, st.st_mtim};
  if (::futimens(fd, times) != 0)
    return failed("set times of", name);
  return "";
}

std::string copy_entry(int from_dir, int to_dir, const std::string& name, int depth);

std::string copy_regular(int from_dir, int to_dir, const std::string& name, const struct stat& st) {
  Fd in(::openat(from_dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  Fd out(
      ::openat(to_dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!in || !out)
    return failed("copy", name);
  if (auto e = copy_file_data(in.get(), out.get(), name); !e.empty())
    return e;
  return set_attributes(out.get(), st, name);
}

std::string copy_directory(int from_dir, int to_dir, const std::string& name, const struct stat& st,
                           int depth) {
  if (depth > MAX_DEPTH)
    return "copy " + name + ": too deep";
  if (::mkdirat(to_dir, name.c_str(), 0700) != 0)
    return failed("mkdir", name);
  Fd in(::openat(from_dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  Fd out(::openat(to_dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!in || !out)
    return failed("open", name);
  std::vector<std::string> names;
  if (!list_names(in.get(), names))
    return failed("list", name);
  for (const auto& child : names)
    if (auto e = copy_entry(in.get(), out.get(), child, depth + 1); !e.empty())
      return e;
  return set_attributes(out.get(), st, name);
}

std::string copy_symlink(int from_dir, int to_dir, const std::string& name, const struct stat& st) {
  std::vector<char> text(static_cast<size_t>(st.st_size > 0 ? st.st_size : 4096) + 1);
  ssize_t n = ::readlinkat(from_dir, name.c_str(), text.data(), text.size() - 1);
  if (n < 0)
    return failed("readlink", name);
  text[static_cast<size_t>(n)] = '\0';
  if (::symlinkat(text.data(), to_dir, name.c_str()) != 0)
    return failed("symlink", name);
  if (::fchownat(to_dir, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
    return failed("chown", name);
  const timespec times[2] = {st.st_atim, st.st_mtim};
  (void)::utimensat(to_dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
  return "";
}

// FIFOs and sockets are made again; device nodes are left out: none is made in the
// host's data root from what an image brings.
std::string copy_special(int to_dir, const std::string& name, const struct stat& st) {
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    return "";
  mode_t old = ::umask(0); // the mode exactly as the image has it
  int made = ::mknodat(to_dir, name.c_str(), st.st_mode, st.st_rdev);
  ::umask(old);
  if (made != 0)
    return failed("mknod", name);
  if (::fchownat(to_dir, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
    return failed("chown", name);
  return "";
}

std::string copy_entry(int from_dir, int to_dir, const std::string& name, int depth) {
  struct stat st {};
  if (::fstatat(from_dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return failed("stat", name);
  switch (st.st_mode & S_IFMT) {
  case S_IFREG: return copy_regular(from_dir, to_dir, name, st);
  case S_IFDIR: return copy_directory(from_dir, to_dir, name, st, depth);
  case S_IFLNK: return copy_symlink(from_dir, to_dir, name, st);
  default: return copy_special(to_dir, name, st);
  }
}

} // namespace

bool directory_is_empty(int dir) {
  std::vector<std::string> names;
  return list_names(dir, names) && names.empty();
}

std::string copy_attributes(int from_dir, int to_dir) {
  struct stat st {};
  if (::fstat(from_dir, &st) != 0)
    return failed("stat", "mount point");
  return set_attributes(to_dir, st, "volume");
}

std::string copy_tree(int from_dir, int to_dir) {
  std::vector<std::string> names;
  if (!list_names(from_dir, names))
    return failed("list", "mount point");
  for (const auto& name : names)
    if (auto e = copy_entry(from_dir, to_dir, name, 0); !e.empty())
      return e;
  return "";
}

} // namespace mydocker::runtime
