#include "layers/archive/outer_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "layers/archive/archive_error.hpp"
#include "layers/archive/tar_path.hpp"

namespace mydocker::layers {

namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

Error hostile(const std::string& name, const std::string& why) {
  return Error{Errc::InvalidArgument, 0, "invalid archive member " + name + ": " + why};
}

// An archive member name: relative and never climbing; "" for the root.
Result<std::string> member_name(const std::string& name) {
  if (!name.empty() && name[0] == '/')
    return tl::unexpected(hostile(name, "absolute path"));
  for (const auto& part : path_components(name))
    if (part == "..")
      return tl::unexpected(hostile(name, "path escapes the archive"));
  return clean_member_path(name);
}

// A link target resolved from the link's directory; must stay inside the archive.
Result<std::string> link_target(const std::string& link, const std::string& target, bool hard) {
  if (target.empty() || target[0] == '/')
    return tl::unexpected(hostile(link, "link to " + target + " leaves the archive"));
  std::string base =
      hard ? "" : link.substr(0, link.rfind('/') == std::string::npos ? 0 : link.rfind('/'));
  auto clean = clean_member_path(base.empty() ? target : base + "/" + target);
  if (!clean || clean->empty())
    return tl::unexpected(hostile(link, "link to " + target + " leaves the archive"));
  return *clean;
}

Result<std::string> read_data(archive* a) {
  std::string out;
  char buf[65536];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  if (n < 0)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a));
  return out;
}

} // namespace

Result<ArchiveFiles> read_outer_archive(std::string_view input) {
  // Decompressed as it is read (libarchive sniffs the filter): no second copy of the archive.
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_memory(a.get(), input.data(), input.size()) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a.get()));
  ArchiveFiles files;
  std::map<std::string, std::string> links; // name -> resolved target name
  archive_entry* e;
  int r;
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    std::string name = TRY(member_name(archive_entry_pathname(e)));
    if (const char* hard = archive_entry_hardlink(e))
      links[name] = TRY(link_target(name, hard, true));
    else if (archive_entry_filetype(e) == AE_IFLNK)
      links[name] = TRY(link_target(name, archive_entry_symlink(e), false));
    else if (archive_entry_filetype(e) == AE_IFREG)
      files[name] = TRY(read_data(a.get()));
  }
  if (r != ARCHIVE_EOF)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a.get()));
  for (const auto& [name, target] : links) {
    std::string at = target;
    for (int depth = 0; depth < 16 && links.count(at); ++depth)
      at = links[at];
    auto found = files.find(at);
    if (found == files.end())
      return tl::unexpected(hostile(name, "link to a missing file " + target));
    files[name] = found->second;
  }
  return files;
}

} // namespace mydocker::layers
