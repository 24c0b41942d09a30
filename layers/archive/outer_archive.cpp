#include "layers/archive/outer_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "common/random_id.hpp"
#include "layers/archive/archive_error.hpp"
#include "layers/archive/tar_path.hpp"
#include "layers/archive/tar_writer.hpp"

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

constexpr size_t kSpillAbove = 1 << 20;

Result<std::unique_ptr<SpilledMember>> start_spill(const std::string& dir, std::string_view head) {
  auto member = std::make_unique<SpilledMember>();
  member->path = dir + "/tmp-load-" + random_hex_id(8);
  TRY_VOID(write_file_replace(member->path, head));
  return member;
}

Result<void> finish_spill(SpilledMember& member) {
  Fd fd(::open(member.path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0)
    return sys_error("open " + member.path);
  member.size = static_cast<size_t>(st.st_size);
  void* map = ::mmap(nullptr, member.size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (map == MAP_FAILED)
    return sys_error("mmap " + member.path);
  member.map = map;
  return {};
}

// Where an entry's bytes go: a view into `input` when libarchive handed out the whole entry
// in one block from it (an uncompressed archive read from memory), else a copy in memory,
// or a temp file once it outgrows kSpillAbove (a compressed archive's layers).
class MemberSink {
public:
  MemberSink(const std::string& spill_dir) : m_spill_dir(spill_dir) {}
  Result<void> append(const char* p, size_t len) {
    if (m_spill)
      return append_fd(p, len);
    m_copy.append(p, len);
    if (m_spill_dir.empty() || m_copy.size() <= kSpillAbove)
      return {};
    m_spill = TRY(start_spill(m_spill_dir, m_copy));
    m_copy.clear();
    m_copy.shrink_to_fit();
    return {};
  }
  Result<void> finish(const std::string& name, ArchiveFiles& files) {
    if (!m_spill) {
      files.add_copy(name, std::move(m_copy));
      return {};
    }
    m_fd.reset();
    TRY_VOID(finish_spill(*m_spill));
    files.add_spilled(name, std::move(m_spill));
    return {};
  }

private:
  Result<void> append_fd(const char* p, size_t len) {
    if (!m_fd)
      m_fd = Fd(::open(m_spill->path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
    if (!m_fd)
      return sys_error("open " + m_spill->path);
    return write_all_fd(m_fd.get(), std::string_view(p, len));
  }
  const std::string& m_spill_dir;
  std::string m_copy;
  std::unique_ptr<SpilledMember> m_spill;
  Fd m_fd;
};

Result<void> read_data(archive* a, archive_entry* e, std::string_view input,
                       const std::string& name, const std::string& spill_dir, ArchiveFiles& files) {
  const void* block = nullptr;
  size_t len = 0;
  la_int64_t offset = 0;
  MemberSink sink(spill_dir);
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
    TRY_VOID(sink.append(p, len));
  }
  if (r != ARCHIVE_EOF)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a));
  return sink.finish(name, files);
}

} // namespace

SpilledMember::~SpilledMember() {
  if (map)
    ::munmap(map, size);
  if (!path.empty())
    ::unlink(path.c_str());
}

void ArchiveFiles::add_spilled(const std::string& name, std::unique_ptr<SpilledMember> member) {
  m_files[name] = std::string_view(static_cast<const char*>(member->map), member->size);
  m_spilled_paths[name] = member->path;
  m_spilled.push_back(std::move(member));
}

std::optional<std::string> ArchiveFiles::spilled_path(const std::string& name) const {
  auto it = m_spilled_paths.find(name);
  if (it == m_spilled_paths.end())
    return std::nullopt;
  return it->second;
}

void ArchiveFiles::add_alias(const std::string& name, const std::string& target) {
  m_files[name] = m_files.at(target);
  if (auto path = spilled_path(target))
    m_spilled_paths[name] = *path;
}

Result<ArchiveFiles> read_outer_archive(std::string_view input, const std::string& spill_dir) {
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
      TRY_VOID(read_data(a.get(), e, input, name, spill_dir, files));
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
    files.add_alias(name, at);
  }
  return files;
}

} // namespace mydocker::layers
