// Globs and checksums over a root fd (COPY/ADD sources and their cache key).
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builder/confined_fs.hpp"
#include "builder/source_tree.hpp"
#include "common/split.hpp"
#include "layers/digest.hpp"

namespace mydocker::builder {

namespace {

Result<void> glob_walk(int root_fd, const std::string& dir, const std::vector<std::string>& parts,
                       size_t index, std::vector<std::string>& out) {
  if (index == parts.size()) {
    out.push_back(dir);
    return {};
  }
  auto fd = open_in_root(root_fd, dir.empty() ? "." : dir, O_RDONLY | O_DIRECTORY);
  if (!fd)
    return {}; // not a directory: no match below it
  for (const auto& name : TRY(list_dir(fd->get())))
    if (::fnmatch(parts[index].c_str(), name.c_str(), 0) == 0)
      TRY_VOID(glob_walk(root_fd, dir.empty() ? name : dir + "/" + name, parts, index + 1, out));
  return {};
}

void hash_stat(layers::Sha256& h, const std::string& rel, const struct stat& st) {
  h.update(rel + "\n" + std::to_string(st.st_mode) + "\n");
}

Result<void> hash_at(int dir, const std::string& name, const std::string& rel, layers::Sha256& h) {
  struct stat st {};
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error("stat " + rel);
  hash_stat(h, rel, st);
  if (S_ISLNK(st.st_mode)) {
    char target[4096];
    ssize_t n = ::readlinkat(dir, name.c_str(), target, sizeof target);
    h.update(std::string_view(target, n > 0 ? size_t(n) : 0));
    return {};
  }
  if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
    return {};
  Fd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd)
    return sys_error("open " + rel);
  if (S_ISDIR(st.st_mode)) {
    for (const auto& child : TRY(list_dir(fd.get())))
      TRY_VOID(hash_at(fd.get(), child, rel + "/" + child, h));
    return {};
  }
  char buf[1 << 16];
  for (ssize_t n; (n = ::read(fd.get(), buf, sizeof buf)) != 0;) {
    if (n < 0)
      return sys_error("read " + rel);
    h.update(std::string_view(buf, size_t(n)));
  }
  return {};
}

} // namespace

Result<std::vector<std::string>> glob_in_root(int root_fd, const std::string& pattern) {
  std::vector<std::string> out;
  TRY_VOID(glob_walk(root_fd, "", path_elements(pattern), 0, out));
  return out;
}

Result<std::string> tree_checksum(int root_fd, const std::string& path) {
  layers::Sha256 h;
  size_t slash = path.find_last_of('/');
  std::string parent = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || path == ".") { // the whole root
    Fd root = TRY(open_in_root(root_fd, ".", O_RDONLY | O_DIRECTORY));
    for (const auto& child : TRY(list_dir(root.get())))
      TRY_VOID(hash_at(root.get(), child, child, h));
    return h.digest();
  }
  Fd dir = TRY(open_in_root(root_fd, parent, O_RDONLY | O_DIRECTORY));
  TRY_VOID(hash_at(dir.get(), name, name, h));
  return h.digest();
}

} // namespace mydocker::builder

namespace mydocker::builder {

bool RootFdTree::exists(const std::string& path) const {
  return bool(open_in_root(m_root, path.empty() ? "." : path, O_PATH));
}

bool RootFdTree::is_dir(const std::string& path) const {
  auto fd = open_in_root(m_root, path.empty() ? "." : path, O_PATH);
  struct stat st {};
  return fd && ::fstat(fd->get(), &st) == 0 && S_ISDIR(st.st_mode);
}

Result<std::vector<std::string>> RootFdTree::glob(const std::string& pattern) const {
  return glob_in_root(m_root, pattern);
}

Result<std::string> RootFdTree::checksum(const std::string& path) const {
  return tree_checksum(m_root, path);
}

} // namespace mydocker::builder
