#include "cli/cp_tar.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <memory>

#include "common/fd.hpp"

namespace mydocker::cli {

namespace {

using Reader = std::unique_ptr<archive, decltype(&archive_read_free)>;
using Writer = std::unique_ptr<archive, decltype(&archive_write_free)>;

std::string renamed(const std::string& name, const std::string& old_base,
                    const std::string& new_base) {
  if (old_base.empty() || name.compare(0, old_base.size(), old_base) != 0)
    return name;
  return new_base + name.substr(old_base.size());
}

la_ssize_t append_to(archive*, void* out, const void* buf, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

Result<void> copy_data(archive* in, archive* out) {
  char buf[65536];
  la_ssize_t n;
  while ((n = archive_read_data(in, buf, sizeof buf)) > 0)
    if (archive_write_data(out, buf, static_cast<size_t>(n)) < 0)
      return make_error(Errc::Unavailable, archive_error_string(out));
  if (n < 0)
    return make_error(Errc::Unavailable, archive_error_string(in));
  return {};
}

// Runs `fn` with the working directory set to `dir`, then goes back.
template <class F> Result<void> in_directory(const std::string& dir, F fn) {
  Fd saved(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (::chdir(dir.c_str()) != 0)
    return make_error(Errc::Unavailable, "chdir " + dir + ": no such directory");
  auto result = fn();
  if (saved)
    (void)::fchdir(saved.get());
  return result;
}

} // namespace

Result<std::string> tar_local_path(const std::string& dir, const std::string& base,
                                   const std::string& rebase) {
  std::string out;
  Reader disk(archive_read_disk_new(), archive_read_free);
  Writer tar(archive_write_new(), archive_write_free);
  archive_read_disk_set_symlink_physical(disk.get());
  archive_read_disk_set_standard_lookup(disk.get());
  archive_write_set_format_pax_restricted(tar.get());
  archive_write_set_bytes_in_last_block(tar.get(), 1);
  archive_write_open(tar.get(), &out, nullptr, append_to, nullptr);
  auto walked = in_directory(dir, [&]() -> Result<void> {
    if (archive_read_disk_open(disk.get(), base.c_str()) != ARCHIVE_OK)
      return make_error(Errc::Unavailable, archive_error_string(disk.get()));
    archive_entry* e = archive_entry_new();
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> owned(e, archive_entry_free);
    int r;
    while ((r = archive_read_next_header2(disk.get(), e)) == ARCHIVE_OK) {
      archive_read_disk_descend(disk.get());
      std::string name = renamed(archive_entry_pathname(e), base, rebase.empty() ? base : rebase);
      archive_entry_set_pathname(e, name.c_str());
      if (archive_write_header(tar.get(), e) != ARCHIVE_OK)
        return make_error(Errc::Unavailable, archive_error_string(tar.get()));
      if (archive_entry_filetype(e) == AE_IFREG)
        TRY_VOID(copy_data(disk.get(), tar.get()));
    }
    if (r != ARCHIVE_EOF)
      return make_error(Errc::Unavailable, archive_error_string(disk.get()));
    return {};
  });
  if (!walked)
    return tl::unexpected(walked.error());
  archive_write_close(tar.get());
  return out;
}

Result<void> untar_into(std::FILE* tar_file, const std::string& dest_dir,
                        const std::string& old_base, const std::string& new_base) {
  Reader in(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(in.get());
  archive_read_support_format_gnutar(in.get());
  std::rewind(tar_file);
  if (archive_read_open_FILE(in.get(), tar_file) != ARCHIVE_OK)
    return make_error(Errc::Unavailable, archive_error_string(in.get()));
  Writer disk(archive_write_disk_new(), archive_write_free);
  archive_write_disk_set_options(
      disk.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                      ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS |
                      ARCHIVE_EXTRACT_UNLINK);
  return in_directory(dest_dir, [&]() -> Result<void> {
    archive_entry* e;
    int r;
    while ((r = archive_read_next_header(in.get(), &e)) == ARCHIVE_OK) {
      std::string name = renamed(archive_entry_pathname(e), old_base, new_base);
      archive_entry_set_pathname(e, name.c_str());
      if (const char* link = archive_entry_hardlink(e)) {
        std::string target = renamed(link, old_base, new_base);
        archive_entry_set_hardlink(e, target.c_str());
      }
      if (archive_write_header(disk.get(), e) != ARCHIVE_OK)
        return make_error(Errc::Unavailable, archive_error_string(disk.get()));
      if (archive_entry_size(e) > 0)
        TRY_VOID(copy_data(in.get(), disk.get()));
      archive_write_finish_entry(disk.get());
    }
    if (r != ARCHIVE_EOF)
      return make_error(Errc::Unavailable, archive_error_string(in.get()));
    archive_write_close(disk.get());
    return {};
  });
}

} // namespace mydocker::cli
