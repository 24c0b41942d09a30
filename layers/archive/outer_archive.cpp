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

// An entry's content: a view into `input` when libarchive handed out the whole entry in one
// block from it (an uncompressed archive read from memory), else a copy.
Result<void> read_data(archive* a, archive_entry* e, std::string_view input,
                       const std::string& name, ArchiveFiles& files) {
  const void* block = nullptr;
  size_t len = 0;
  la_int64_t offset = 0;
  std::string copy;
  int r;
  bool first = true;
  while ((r = archive_read_data_block(a, &block, &len, &offset)) == ARCHIVE_OK) {
    const char* p = static_cast<const char*>(block);
    bool inside = p >= input.data() && p + len <= input.data() + input.size();
    if (first && offset == 0 && inside && static_cast<la_int64_t>(len) == archive_entry_size(e)) {
      files.add_view(name, std::string_view(p, len));
      return {};
    }
    first = false;
    copy.append(p, len);
  }
  if (r != ARCHIVE_EOF)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a));
  files.add_copy(name, std::move(copy));
  return {};
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
      TRY_VOID(read_data(a.get(), e, input, name, files));
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
    files.add_view(name, found->second);
  }
  return files;
}

} // namespace mydocker::layers
