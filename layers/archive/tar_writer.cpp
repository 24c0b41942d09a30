#include "layers/archive/tar_writer.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "common/fd.hpp"
#include "layers/archive/archive_error.hpp"
#include "layers/archive/tar_path.hpp"

namespace mydocker::layers {

namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_write_free)>;
using EntryPtr = std::unique_ptr<archive_entry, decltype(&archive_entry_free)>;

Result<std::vector<std::string>> sorted_names(int dir_fd) {
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return sys_error("open directory");
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return sys_error("read directory");
  }
  std::vector<std::string> names;
  while (dirent* d = ::readdir(dir)) {
    std::string name = d->d_name;
    if (name != "." && name != "..")
      names.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

// The xattr path of `name` in dir_fd without following it (works for symlinks and for
// directories of a detached mount).
std::string proc_path(int dir_fd, const std::string& name) {
  return "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name;
}

bool is_overlay_private(std::string_view key) {
  return key.rfind("trusted.overlay.", 0) == 0 || key.rfind("user.overlay.", 0) == 0 ||
         key == "security.selinux";
}

void add_xattrs(archive_entry* e, const std::string& path) {
  ssize_t n = ::llistxattr(path.c_str(), nullptr, 0);
  if (n <= 0)
    return;
  std::string keys(static_cast<size_t>(n), '\0');
  n = ::llistxattr(path.c_str(), keys.data(), keys.size());
  for (size_t pos = 0; n > 0 && pos < static_cast<size_t>(n);) {
    std::string key = keys.c_str() + pos;
    pos += key.size() + 1;
    if (is_overlay_private(key))
      continue;
    ssize_t len = ::lgetxattr(path.c_str(), key.c_str(), nullptr, 0);
    if (len < 0)
      continue;
    std::string value(static_cast<size_t>(len), '\0');
    len = ::lgetxattr(path.c_str(), key.c_str(), value.data(), value.size());
    if (len >= 0)
      archive_entry_xattr_add_entry(e, key.c_str(), value.data(), static_cast<size_t>(len));
  }
}

// metacopy=on leaves content in a lower layer, redirect_dir=on a renamed dir's content:
// an upper dir with either is not a whole layer (Docker falls back to a naive diff there).
bool is_partial_copy_up(const std::string& path) {
  for (const char* key : {"trusted.overlay.metacopy", "trusted.overlay.redirect"})
    if (::lgetxattr(path.c_str(), key, nullptr, 0) >= 0)
      return true;
  return false;
}

bool is_opaque(const std::string& path) {
  char value[2] = {};
  for (const char* key : {"trusted.overlay.opaque", "user.overlay.opaque"})
    if (::lgetxattr(path.c_str(), key, value, sizeof value) == 1 && value[0] == 'y')
      return true;
  return false;
}

struct Walker {
  archive* a;
  WhiteoutMode mode;
  std::map<std::pair<dev_t, ino_t>, std::string> first_links;

  Result<void> write_header(archive_entry* e) {
    if (archive_write_header(a, e) != ARCHIVE_OK)
      return internal_error(std::string("write tar header: ") + archive_error_text(a));
    return {};
  }

  // An empty regular file that only carries a name: whiteouts and opaque markers.
  Result<void> marker(const std::string& path, const struct stat& st, int perm) {
    EntryPtr e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), static_cast<mode_t>(perm));
    archive_entry_set_uid(e.get(), st.st_uid);
    archive_entry_set_gid(e.get(), st.st_gid);
    archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    archive_entry_set_size(e.get(), 0);
    return write_header(e.get());
  }

  Result<void> copy_content(int dir_fd, const std::string& name) {
    Fd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd)
      return sys_error("open " + name);
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd.get(), buf, sizeof buf)) > 0)
      if (archive_write_data(a, buf, static_cast<size_t>(n)) != n)
        return internal_error(std::string("write tar data: ") + archive_error_text(a));
    if (n < 0)
      return sys_error("read " + name);
    return {};
  }

  Result<bool> fill(archive_entry* e, int dir_fd, const std::string& name, const struct stat& st);
  Result<void> member(int dir_fd, const std::string& name, const std::string& path);
  Result<void> walk(int dir_fd, const std::string& prefix);
};

// Type-specific fields; false for members a tar does not carry (sockets).
Result<bool> Walker::fill(archive_entry* e, int dir_fd, const std::string& name,
                          const struct stat& st) {
  archive_entry_set_perm(e, st.st_mode & 07777);
  archive_entry_set_uid(e, st.st_uid);
  archive_entry_set_gid(e, st.st_gid);
  archive_entry_set_mtime(e, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  if (S_ISREG(st.st_mode)) {
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, st.st_size);
  } else if (S_ISDIR(st.st_mode)) {
    archive_entry_set_filetype(e, AE_IFDIR);
  } else if (S_ISLNK(st.st_mode)) {
    std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t n = ::readlinkat(dir_fd, name.c_str(), target.data(), target.size());
    if (n < 0)
      return sys_error("readlink " + name);
    target.resize(static_cast<size_t>(n));
    archive_entry_set_filetype(e, AE_IFLNK);
    archive_entry_set_symlink(e, target.c_str());
  } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
    archive_entry_set_filetype(e, S_ISCHR(st.st_mode)   ? AE_IFCHR
                                  : S_ISBLK(st.st_mode) ? AE_IFBLK
                                                        : AE_IFIFO);
    archive_entry_set_rdevmajor(e, major(st.st_rdev));
    archive_entry_set_rdevminor(e, minor(st.st_rdev));
  } else {
    return false;
  }
  return true;
}

Result<void> Walker::member(int dir_fd, const std::string& name, const std::string& path) {
  struct stat st {};
  if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error("stat " + path);
  std::string prefix = path.substr(0, path.size() - name.size());
  if (mode == WhiteoutMode::Overlay && S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0))
    return marker(prefix + std::string(WHITEOUT_PREFIX) + name, st, 0600);
  EntryPtr e(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(e.get(), (S_ISDIR(st.st_mode) ? path + "/" : path).c_str());
  if (!TRY(fill(e.get(), dir_fd, name, st)))
    return {};
  std::string xpath = proc_path(dir_fd, name);
  if (mode == WhiteoutMode::Overlay && is_partial_copy_up(xpath))
    return internal_error("cannot make a layer of " + path +
                          ": overlayfs metacopy or redirect_dir is enabled on this host");
  add_xattrs(e.get(), xpath);
  bool linked = false;
  if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
    auto [it, fresh] = first_links.emplace(std::make_pair(st.st_dev, st.st_ino), path);
    if (!fresh) {
      archive_entry_set_hardlink(e.get(), it->second.c_str());
      archive_entry_set_size(e.get(), 0);
      linked = true;
    }
  }
  TRY_VOID(write_header(e.get()));
  if (S_ISREG(st.st_mode) && !linked && st.st_size > 0)
    return copy_content(dir_fd, name);
  if (!S_ISDIR(st.st_mode))
    return {};
  if (mode == WhiteoutMode::Overlay && is_opaque(xpath))
    TRY_VOID(marker(path + "/" + std::string(OPAQUE_WHITEOUT), st, st.st_mode & 0777));
  Fd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!sub)
    return sys_error("open " + path);
  return walk(sub.get(), path + "/");
}

Result<void> Walker::walk(int dir_fd, const std::string& prefix) {
  for (const auto& name : TRY(sorted_names(dir_fd)))
    TRY_VOID(member(dir_fd, name, prefix + name));
  return {};
}

struct SinkState {
  const TarSink* sink;
  TarStats stats;
  std::optional<Error> error;
};

la_ssize_t on_write(archive*, void* data, const void* buf, size_t n) {
  auto* state = static_cast<SinkState*>(data);
  auto written = (*state->sink)(std::string_view(static_cast<const char*>(buf), n));
  if (!written) {
    state->error = written.error();
    return -1;
  }
  state->stats.bytes += static_cast<int64_t>(n);
  return static_cast<la_ssize_t>(n);
}

// Opens a PAX writer over `sink`, runs `walk` with it and closes it.
Result<TarStats> write_tar(WhiteoutMode mode, const TarSink& sink,
                           const std::function<Result<void>(Walker&)>& walk) {
  ArchivePtr a(archive_write_new(), archive_write_free);
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1); // no padding to 10 KiB
  SinkState state{&sink, {}, std::nullopt};
  if (archive_write_open(a.get(), &state, nullptr, on_write, nullptr) != ARCHIVE_OK)
    return internal_error(std::string("open tar writer: ") + archive_error_text(a.get()));
  Walker walker{a.get(), mode, {}};
  auto walked = walk(walker);
  if (state.error)
    return tl::unexpected(*state.error);
  if (!walked)
    return tl::unexpected(walked.error());
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    if (state.error)
      return tl::unexpected(*state.error);
    return internal_error(std::string("close tar: ") + archive_error_text(a.get()));
  }
  state.stats.entries = static_cast<int64_t>(archive_file_count(a.get()));
  return state.stats;
}

} // namespace

Result<TarStats> write_tree_tar(int root_fd, WhiteoutMode mode, const TarSink& sink) {
  return write_tar(mode, sink, [root_fd](Walker& w) { return w.walk(root_fd, ""); });
}

Result<TarStats> write_entry_tar(int dir_fd, const std::string& name, const std::string& as_name,
                                 const TarSink& sink) {
  return write_tar(WhiteoutMode::None, sink,
                   [&](Walker& w) { return w.member(dir_fd, name, as_name); });
}

Result<std::string> tree_tar(const std::string& dir, WhiteoutMode mode) {
  Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root)
    return sys_error("open " + dir);
  std::string out;
  TRY_VOID(write_tree_tar(root.get(), mode, [&out](std::string_view data) -> Result<void> {
    out.append(data);
    return {};
  }));
  return out;
}

Result<void> write_all_fd(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return sys_error("write");
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

} // namespace mydocker::layers
