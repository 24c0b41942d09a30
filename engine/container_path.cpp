#include "engine/container_path.hpp"

#include <vector>

#include "common/split.hpp"
#include "common/time_format.hpp"

namespace mydocker::engine {

std::string clean_absolute(const std::string& path) {
  std::vector<std::string> parts;
  for (const auto& part : split(path, '/')) {
    if (part.empty() || part == ".")
      continue;
    if (part == "..") {
      if (!parts.empty())
        parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (const auto& part : parts)
    out += "/" + part;
  return out.empty() ? "/" : out;
}

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

ContainerPath split_container_path(const std::string& path) {
  ContainerPath p;
  p.given = path;
  p.abs = clean_absolute("/" + path);
  // Docker's PreserveTrailingDotOrSeparator.
  if ((ends_with(path, "/.") || path == ".") && !ends_with(p.abs, "."))
    p.abs += p.abs == "/" ? "." : "/.";
  else if (ends_with(path, "/") && !ends_with(p.abs, "/"))
    p.abs += "/";
  size_t slash = p.abs.rfind('/');
  p.dir = p.abs.substr(0, slash + 1);
  p.base = p.abs.substr(slash + 1);
  std::string trimmed = p.abs;
  while (trimmed.size() > 1 && trimmed.back() == '/')
    trimmed.pop_back();
  p.name = trimmed == "/" ? "/" : trimmed.substr(trimmed.rfind('/') + 1);
  return p;
}

int64_t go_file_mode(mode_t mode) {
  int64_t m = mode & 0777;
  if (S_ISDIR(mode))
    m |= api::GO_MODE_DIR;
  else if (S_ISLNK(mode))
    m |= api::GO_MODE_SYMLINK;
  else if (S_ISBLK(mode))
    m |= api::GO_MODE_DEVICE;
  else if (S_ISCHR(mode))
    m |= api::GO_MODE_DEVICE | api::GO_MODE_CHAR_DEVICE;
  else if (S_ISFIFO(mode))
    m |= api::GO_MODE_NAMED_PIPE;
  else if (S_ISSOCK(mode))
    m |= api::GO_MODE_SOCKET;
  if (mode & S_ISUID)
    m |= api::GO_MODE_SETUID;
  if (mode & S_ISGID)
    m |= api::GO_MODE_SETGID;
  if (mode & S_ISVTX)
    m |= api::GO_MODE_STICKY;
  return m;
}

api::ContainerPathStat path_stat(const std::string& name, const struct stat& st) {
  api::ContainerPathStat s;
  s.name = name;
  s.size = st.st_size;
  s.mode = go_file_mode(st.st_mode);
  s.mtime = format_rfc3339_nano(int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec);
  return s;
}

} // namespace mydocker::engine
