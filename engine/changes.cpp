#include "engine/changes.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <algorithm>
#include <optional>
#include <set>

#include "engine/container_service.hpp"

namespace mydocker::engine {

namespace {

// Paths the engine itself puts into every container's upper dir (mount points): dockerd
// keeps them in its init layer, so they never show in its diff.
bool engine_made(const std::string& path) {
  static const std::set<std::string> paths = {
      "/dev", "/dev/console", "/dev/pts",      "/dev/shm",         "/dev/mqueue", "/proc",
      "/sys", "/etc/hosts",   "/etc/hostname", "/etc/resolv.conf", "/.dockerenv", "/etc/mtab"};
  return paths.count(path) > 0;
}

std::vector<std::string> sorted_names(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (std::string n = e->d_name; n != "." && n != "..")
        names.push_back(n);
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool opaque(const std::string& full) {
  char v[2] = {};
  ssize_t n = ::lgetxattr(full.c_str(), "trusted.overlay.opaque", v, sizeof v);
  return n == 1 && v[0] == 'y';
}

struct Walker {
  std::string upper;
  const std::vector<std::string>& lowers;
  std::vector<Change> out;
  std::set<std::string> changed_dirs;

  const struct stat* below(const std::string& path, struct stat& st) const {
    for (const auto& l : lowers)
      if (::lstat((l + path).c_str(), &st) == 0)
        return &st;
    return nullptr;
  }

  std::optional<ChangeKind> kind_of(const std::string& path, const struct stat& st) const {
    if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 0 && minor(st.st_rdev) == 0)
      return ChangeKind::Deleted;
    struct stat lower {};
    const struct stat* old = below(path, lower);
    if (S_ISDIR(st.st_mode) && opaque(upper + path) && old)
      return ChangeKind::Deleted;
    if (!old)
      return ChangeKind::Added;
    bool same_dir = S_ISDIR(st.st_mode) && S_ISDIR(old->st_mode) && st.st_size == old->st_size &&
                    st.st_mode == old->st_mode && st.st_mtim.tv_sec == old->st_mtim.tv_sec &&
                    st.st_mtim.tv_nsec == old->st_mtim.tv_nsec;
    if (same_dir)
      return std::nullopt;
    return ChangeKind::Modified;
  }

  void visit(const std::string& path) {
    struct stat st {};
    if (engine_made(path) || ::lstat((upper + path).c_str(), &st) != 0)
      return; // a mount point of the engine: neither it nor what is under it is the user's
    size_t before = out.size();
    record(path, st);
    if (!S_ISDIR(st.st_mode))
      return;
    bool has_engine_child = false;
    for (const auto& name : sorted_names(upper + path)) {
      has_engine_child = has_engine_child || engine_made(path + "/" + name);
      visit(path + "/" + name);
    }
    // /etc changed only by the engine's /etc/hosts: dockerd keeps that in its init layer.
    bool only_this = out.size() == before + 1 && out.back().path == path;
    if (only_this && has_engine_child && out.back().kind == ChangeKind::Modified) {
      out.pop_back();
      changed_dirs.erase(path);
    }
  }

  void record(const std::string& path, const struct stat& st) {
    auto kind = kind_of(path, st);
    if (!kind)
      return;
    if (S_ISDIR(st.st_mode))
      changed_dirs.insert(path);
    // dockerd lists the directory of every change, even when the directory itself is as it
    // was below (a file changed in place).
    if (*kind != ChangeKind::Modified || !S_ISDIR(st.st_mode)) {
      std::string parent = path.substr(0, path.rfind('/'));
      if (!parent.empty() && changed_dirs.insert(parent).second)
        out.push_back({parent, ChangeKind::Modified});
    }
    out.push_back({path, *kind});
  }
};

} // namespace

std::vector<Change> overlay_changes(const std::string& upper_dir,
                                    const std::vector<std::string>& lower_dirs) {
  Walker w{upper_dir, lower_dirs, {}, {}};
  for (const auto& name : sorted_names(upper_dir))
    w.visit("/" + name);
  return w.out;
}

Result<std::vector<Change>> ContainerService::changes(const std::string& ref) {
  ContainerRecord r = TRY(snapshot(ref));
  auto layer = TRY(m_images.container_layer(r.id));
  return overlay_changes(layer.upper_dir, layer.lower_dirs);
}

} // namespace mydocker::engine
