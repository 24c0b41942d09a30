#include "cli/cp_paths.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <tuple>
#include <vector>

namespace mydocker::cli::cp {

tl::unexpected<Error> cli_error(const std::string& message) {
  return make_error(Errc::Unavailable, message);
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Go's filepath.Clean (relative paths kept relative).
std::string clean(const std::string& path) {
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (part.empty() || part == ".")
      continue;
    if (part == ".." && !parts.empty() && parts.back() != "..")
      parts.pop_back();
    else if (part != ".." || !absolute)
      parts.push_back(part);
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

// moby's SplitPathDirEntry: ("/a/b/." keeps "." as the entry).
std::pair<std::string, std::string> split_dir_entry(const std::string& path) {
  std::string cleaned = clean(path);
  if (ends_with(path, "/.") || path == ".")
    cleaned += cleaned == "/" ? "." : "/.";
  size_t slash = cleaned.rfind('/');
  if (slash == std::string::npos)
    return {".", cleaned};
  return {slash == 0 ? "/" : cleaned.substr(0, slash), cleaned.substr(slash + 1)};
}

std::string base_of(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/')
    p.pop_back();
  return p == "/" ? "/" : p.substr(p.rfind('/') + 1);
}

std::string join(const std::string& dir, const std::string& name) {
  return clean(dir + "/" + name);
}

// An absolute local path that keeps a trailing "/" or "/." (docker's resolveLocalPath).
std::string local_path(const std::string& path) {
  char cwd[PATH_MAX];
  std::string abs =
      path[0] == '/' || !::getcwd(cwd, sizeof cwd) ? path : std::string(cwd) + "/" + path;
  std::string out = clean(abs);
  if ((ends_with(path, "/.") || path == ".") && !ends_with(out, "/."))
    out += out == "/" ? "." : "/.";
  else if (ends_with(path, "/") && !ends_with(out, "/"))
    out += "/";
  return out;
}

// moby's GetRebaseName: keeps "/" or "/." of `path` on `resolved`; the name to restore.
std::pair<std::string, std::string> rebase_name(const std::string& path, std::string resolved) {
  if ((ends_with(path, "/.") || path == ".") && !ends_with(resolved, "/."))
    resolved += "/.";
  else if (ends_with(path, "/") && !ends_with(resolved, "/"))
    resolved += "/";
  std::string rebase = base_of(path) != base_of(resolved) ? base_of(path) : "";
  return {resolved, rebase};
}

// moby's PrepareArchiveCopy.
Result<Prepared> prepare_copy(const CopyInfo& src, const CopyInfo& dst) {
  auto [dst_dir, dst_base] = split_dir_entry(dst.path);
  if (dst.exists && dst.is_dir)
    return Prepared{dst.path, src.rebase_name};
  if (dst.exists && src.is_dir)
    return cli_error("cannot copy directory");
  if (!dst.exists && !src.is_dir && (ends_with(dst.path, "/") || ends_with(dst.path, "/.")))
    return cli_error("no such directory");
  return Prepared{dst_dir, dst_base};
}

// moby's CopyInfoDestinationPath: a symlink at the destination is followed (up to 10).
Result<CopyInfo> local_destination(std::string path) {
  struct stat st {};
  int r = ::lstat(path.c_str(), &st);
  for (int n = 0; r == 0 && S_ISLNK(st.st_mode); ++n) {
    if (n > 10)
      return cli_error("too many symlinks in " + path);
    char target[PATH_MAX];
    ssize_t len = ::readlink(path.c_str(), target, sizeof target - 1);
    std::string link(target, len > 0 ? static_cast<size_t>(len) : 0);
    path = link[0] == '/' ? link : join(split_dir_entry(path).first, link);
    r = ::lstat(path.c_str(), &st);
  }
  if (r == 0)
    return CopyInfo{path, true, S_ISDIR(st.st_mode), ""};
  if (errno != ENOENT)
    return cli_error("lstat " + path + ": " + std::strerror(errno));
  std::string parent = split_dir_entry(path).first;
  if (::stat(parent.c_str(), &st) != 0)
    return cli_error("stat " + parent + ": no such file or directory");
  if (!S_ISDIR(st.st_mode))
    return cli_error("not a directory");
  return CopyInfo{path, false, false, ""};
}

// moby's CopyInfoSourcePath: symlinks before the last element resolved (all with -L).
Result<CopyInfo> local_source(const std::string& path, bool follow) {
  char real[PATH_MAX];
  CopyInfo info;
  if (follow) {
    if (!::realpath(path.c_str(), real))
      return cli_error("lstat " + path + ": no such file or directory");
    std::tie(info.path, info.rebase_name) = rebase_name(path, real);
  } else {
    size_t slash = path.rfind('/');
    std::string dir = path.substr(0, slash + 1), base = path.substr(slash + 1);
    info.path = std::string(::realpath(dir.c_str(), real) ? real : dir) + "/" + base;
    info.path = clean(info.path) + (base.empty() ? "/" : base == "." ? "/." : "");
    if (ends_with(path, "/") && base_of(path) != base_of(info.path))
      info.rebase_name = base_of(path);
  }
  struct stat st {};
  if (::lstat(info.path.c_str(), &st) != 0)
    return cli_error("lstat " + clean(info.path) + ": no such file or directory");
  info.exists = true;
  info.is_dir = S_ISDIR(st.st_mode);
  return info;
}

} // namespace mydocker::cli::cp
