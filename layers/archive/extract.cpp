#include "layers/archive/extract.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "layers/archive/archive_error.hpp"
#include "layers/archive/confined_fs.hpp"
#include "layers/archive/tar_path.hpp"

namespace mydocker::layers {

namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

struct Member {
  archive_entry* entry;
  std::string parent; // clean path of the parent directory
  std::string name;   // last component
  std::string path;   // clean full path
};

bool all_zero(const char* p, size_t len) {
  return len == 0 || (p[0] == 0 && std::memcmp(p, p + 1, len - 1) == 0);
}

// Runs of zeros become holes: a hostile layer of one huge zero file costs no disk.
Result<void> write_content(archive* a, int fd, int64_t& size) {
  const void* block;
  size_t len;
  la_int64_t offset;
  la_int64_t end = 0;
  int r;
  while ((r = archive_read_data_block(a, &block, &len, &offset)) == ARCHIVE_OK) {
    end = std::max<la_int64_t>(end, offset + static_cast<la_int64_t>(len));
    size += static_cast<int64_t>(len);
    if (all_zero(static_cast<const char*>(block), len))
      continue;
    if (::pwrite(fd, block, len, offset) != static_cast<ssize_t>(len))
      return sys_error("write");
  }
  if (r != ARCHIVE_EOF)
    return invalid_argument(std::string("invalid tar data: ") + archive_error_text(a));
  if (::ftruncate(fd, end) != 0)
    return sys_error("truncate");
  return {};
}

// Ownership, then mode (chown clears setuid bits), xattrs, mtime: on an fd we own.
void apply_metadata(int fd, archive_entry* e, bool is_dir) {
  (void)::fchown(fd, static_cast<uid_t>(archive_entry_uid(e)),
                 static_cast<gid_t>(archive_entry_gid(e)));
  (void)::fchmod(fd, archive_entry_mode(e) & 07777);
  const char* name;
  const void* value;
  size_t size;
  archive_entry_xattr_reset(e);
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK)
    (void)::fsetxattr(fd, name, value, size, 0);
  if (!is_dir) {
    timespec times[2] = {{archive_entry_mtime(e), archive_entry_mtime_nsec(e)},
                         {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}};
    (void)::futimens(fd, times);
  }
}

Result<void> make_regular(archive* a, int pfd, const Member& m, ExtractStats& stats) {
  TRY_VOID(remove_existing(pfd, m.name));
  Fd fd(::openat(pfd, m.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd)
    return sys_error("create " + m.path);
  TRY_VOID(write_content(a, fd.get(), stats.size));
  apply_metadata(fd.get(), m.entry, false);
  return {};
}

Result<void> make_directory(int pfd, const Member& m) {
  struct stat st {};
  if (::fstatat(pfd, m.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
    TRY_VOID(remove_existing(pfd, m.name));
  if (::mkdirat(pfd, m.name.c_str(), 0755) != 0 && errno != EEXIST)
    return sys_error("mkdir " + m.path);
  Fd fd(::openat(pfd, m.name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd)
    return sys_error("open " + m.path);
  apply_metadata(fd.get(), m.entry, true);
  return {};
}

Result<void> make_symlink(int pfd, const Member& m) {
  const char* target = archive_entry_symlink(m.entry);
  // As Docker: a relative link that climbs above the root is a breakout, refused (absolute
  // targets resolve inside the container's root anyway).
  std::string link = target ? target : "";
  if (!link.empty() && link[0] != '/' && !clean_member_path(m.parent + "/" + link))
    return invalid_argument("invalid symlink " + m.path + " -> " + link +
                            ": target escapes the extraction root");
  TRY_VOID(remove_existing(pfd, m.name));
  if (::symlinkat(target ? target : "", pfd, m.name.c_str()) != 0)
    return sys_error("symlink " + m.path);
  (void)::fchownat(pfd, m.name.c_str(), static_cast<uid_t>(archive_entry_uid(m.entry)),
                   static_cast<gid_t>(archive_entry_gid(m.entry)), AT_SYMLINK_NOFOLLOW);
  return {};
}

Result<void> make_hardlink(int root_fd, int pfd, const Member& m) {
  auto target = clean_member_path(archive_entry_hardlink(m.entry));
  if (!target || target->empty())
    return invalid_argument("invalid hardlink " + m.path + ": target escapes the extraction root");
  // O_PATH|O_NOFOLLOW on the target inside the root; linkat(AT_EMPTY_PATH) links that inode.
  Fd source = TRY(open_in_root(root_fd, *target, O_PATH | O_NOFOLLOW));
  TRY_VOID(remove_existing(pfd, m.name));
  if (::linkat(source.get(), "", pfd, m.name.c_str(), AT_EMPTY_PATH) != 0)
    return sys_error("link " + m.path);
  return {};
}

Result<void> make_node(int pfd, const Member& m) {
  TRY_VOID(remove_existing(pfd, m.name));
  mode_t mode = archive_entry_mode(m.entry);
  dev_t dev = makedev(archive_entry_rdevmajor(m.entry), archive_entry_rdevminor(m.entry));
  if (::mknodat(pfd, m.name.c_str(), mode, dev) != 0)
    return sys_error("mknod " + m.path);
  (void)::fchownat(pfd, m.name.c_str(), static_cast<uid_t>(archive_entry_uid(m.entry)),
                   static_cast<gid_t>(archive_entry_gid(m.entry)), AT_SYMLINK_NOFOLLOW);
  // mknod's mode passes through the umask and chown clears set-id bits: set the tar's mode last.
  (void)::fchmodat(pfd, m.name.c_str(), mode & 07777, 0);
  return {};
}

// ".wh..wh..opq" -> opaque parent; ".wh.NAME" -> 0:0 character device NAME (overlayfs).
Result<void> make_whiteout(int pfd, const Member& m) {
  if (m.name == OPAQUE_WHITEOUT) {
    Fd dir(::openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::fsetxattr(dir.get(), "trusted.overlay.opaque", "y", 1, 0) != 0)
      return sys_error("mark " + m.parent + " opaque");
    return {};
  }
  std::string hidden = m.name.substr(WHITEOUT_PREFIX.size());
  TRY_VOID(remove_existing(pfd, hidden));
  if (::mknodat(pfd, hidden.c_str(), S_IFCHR | 0, makedev(0, 0)) != 0)
    return sys_error("whiteout " + m.parent + "/" + hidden);
  return {};
}

// Docker's NoOverwriteDirNonDir: a directory never replaces a non-directory, nor back.
Result<void> check_overwrite(int pfd, const Member& m) {
  struct stat st {};
  if (::fstatat(pfd, m.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return {};
  bool new_dir = archive_entry_filetype(m.entry) == AE_IFDIR;
  if (S_ISDIR(st.st_mode) && !new_dir)
    return invalid_argument("cannot overwrite directory \"/" + m.path + "\" with non-directory \"" +
                            m.path + "\"");
  if (!S_ISDIR(st.st_mode) && new_dir)
    return invalid_argument("cannot overwrite non-directory \"/" + m.path + "\" with directory \"" +
                            m.path + "\"");
  return {};
}

Result<void> extract_member(archive* a, int root_fd, const Member& m, ExtractStats& stats,
                            const ExtractOptions& options) {
  Fd parent = TRY(make_dirs_in_root(root_fd, m.parent));
  Fd pfd(::openat(parent.get(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!pfd)
    return sys_error("open " + m.parent);
  if (options.no_overwrite_dir_non_dir)
    TRY_VOID(check_overwrite(pfd.get(), m));
  if (options.uid)
    archive_entry_set_uid(m.entry, *options.uid);
  if (options.gid)
    archive_entry_set_gid(m.entry, *options.gid);
  if (options.overlay_whiteouts && m.name.rfind(WHITEOUT_PREFIX, 0) == 0)
    return make_whiteout(pfd.get(), m);
  if (archive_entry_hardlink(m.entry))
    return make_hardlink(root_fd, pfd.get(), m);
  switch (archive_entry_filetype(m.entry)) {
  case AE_IFREG: return make_regular(a, pfd.get(), m, stats);
  case AE_IFDIR: return make_directory(pfd.get(), m);
  case AE_IFLNK: return make_symlink(pfd.get(), m);
  case AE_IFCHR:
  case AE_IFBLK:
  case AE_IFIFO: return make_node(pfd.get(), m);
  default: return {}; // sockets and unknown types are skipped, as Docker does
  }
}

Result<Member> describe(archive_entry* entry) {
  std::string path = TRY(clean_member_path(archive_entry_pathname(entry)));
  size_t slash = path.rfind('/');
  Member m{entry, slash == std::string::npos ? "" : path.substr(0, slash),
           slash == std::string::npos ? path : path.substr(slash + 1), path};
  return m;
}

} // namespace

namespace {

Result<ExtractStats> extract_open_at(archive* a, int root_fd, const ExtractOptions& options) {
  ExtractStats stats;
  archive_entry* entry;
  int r;
  while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
    Member m = TRY(describe(entry));
    if (m.path.empty())
      continue; // "./" itself
    TRY_VOID(extract_member(a, root_fd, m, stats, options));
    ++stats.entries;
  }
  if (r != ARCHIVE_EOF)
    return invalid_argument(std::string("invalid tar: ") + archive_error_text(a));
  return stats;
}

Result<ExtractStats> extract_open(archive* a, const std::string& root_dir) {
  Fd root(::open(root_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root)
    return sys_error("open " + root_dir);
  return extract_open_at(a, root.get(), ExtractOptions{});
}

ArchivePtr tar_reader() {
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  return a;
}

la_ssize_t read_from_source(archive*, void* source, const void** buffer) {
  return (*static_cast<const TarSource*>(source))(buffer);
}

} // namespace

Result<ExtractStats> extract_tar(std::string_view tar, const std::string& root_dir) {
  ArchivePtr a = tar_reader();
  if (archive_read_open_memory(a.get(), tar.data(), tar.size()) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid tar: ") + archive_error_text(a.get()));
  return extract_open(a.get(), root_dir);
}

Result<ExtractStats> extract_tar_stream(const TarSource& source, const std::string& root_dir) {
  ArchivePtr a = tar_reader();
  void* context = const_cast<TarSource*>(&source);
  if (archive_read_open(a.get(), context, nullptr, read_from_source, nullptr) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid tar: ") + archive_error_text(a.get()));
  return extract_open(a.get(), root_dir);
}

Result<ExtractStats> extract_tar_stream_at(const TarSource& source, int root_fd,
                                           const ExtractOptions& options) {
  ArchivePtr a = tar_reader();
  void* context = const_cast<TarSource*>(&source);
  if (archive_read_open(a.get(), context, nullptr, read_from_source, nullptr) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid tar: ") + archive_error_text(a.get()));
  return extract_open_at(a.get(), root_fd, options);
}

} // namespace mydocker::layers
