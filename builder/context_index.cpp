#include "builder/context_index.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fnmatch.h>

#include <memory>

#include "builder/dockerignore.hpp"
#include "common/split.hpp"
#include "layers/digest.hpp"

namespace mydocker::builder {

namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

bool plain_tar(std::string_view tar) {
  return tar.size() >= 263 && tar.substr(257, 5) == "ustar";
}

// "./a//b/" -> "a/b"; nullopt for a path that climbs out of the root.
std::optional<std::string> member_path(const char* name) {
  if (!name)
    return std::nullopt;
  std::string clean = clean_path(name);
  while (!clean.empty() && clean[0] == '/')
    clean.erase(0, 1);
  if (clean == ".." || clean.rfind("../", 0) == 0)
    return std::nullopt;
  return clean.empty() ? "." : clean;
}

// The member's contents: digested, and kept when asked.
bool read_data(archive* a, layers::Sha256& hash, std::string* kept) {
  const void* block = nullptr;
  size_t len = 0;
  la_int64_t offset = 0;
  int r;
  while ((r = archive_read_data_block(a, &block, &len, &offset)) == ARCHIVE_OK) {
    std::string_view data(static_cast<const char*>(block), len);
    hash.update(data);
    if (kept)
      kept->append(data);
  }
  return r == ARCHIVE_EOF;
}

} // namespace

std::optional<ContextIndex> ContextIndex::read(std::string_view tar,
                                               const std::set<std::string>& keep) {
  if (!plain_tar(tar))
    return std::nullopt;
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_memory(a.get(), tar.data(), tar.size()) != ARCHIVE_OK)
    return std::nullopt;
  ContextIndex index;
  archive_entry* entry = nullptr;
  int r;
  while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    auto path = member_path(archive_entry_pathname(entry));
    auto type = archive_entry_filetype(entry);
    if (!path || archive_entry_hardlink(entry) || (type != AE_IFREG && type != AE_IFDIR))
      return std::nullopt;
    Entry e{type == AE_IFDIR, uint32_t(archive_entry_mode(entry)), ""};
    if (!e.dir) {
      layers::Sha256 hash;
      std::string* kept = keep.count(*path) ? &index.m_kept[*path] : nullptr;
      if (kept)
        kept->clear();
      if (!read_data(a.get(), hash, kept))
        return std::nullopt;
      e.digest = hash.digest();
    }
    if (*path != "." && !index.add(*path, e))
      return std::nullopt;
  }
  if (r != ARCHIVE_EOF)
    return std::nullopt;
  return index;
}

// Records `path` and the directories above it (implicit ones as 0755 directories, as
// extraction makes them); false when a file would have to be a directory or the reverse.
bool ContextIndex::add(std::string path, Entry entry) {
  for (size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    auto [it, inserted] = m_entries.try_emplace(path.substr(0, slash), Entry{true, 040755, ""});
    if (!it->second.dir)
      return false;
  }
  auto it = m_entries.find(path);
  if (it != m_entries.end() && it->second.dir != entry.dir)
    return false;
  if (entry.dir)
    m_kept.erase(path);
  m_entries[path] = std::move(entry);
  return true;
}

std::optional<std::string> ContextIndex::contents(const std::string& path) const {
  auto it = m_kept.find(path);
  if (it == m_kept.end() || !is_file(path))
    return std::nullopt;
  return it->second;
}

bool ContextIndex::is_file(const std::string& path) const {
  auto it = m_entries.find(path);
  return it != m_entries.end() && !it->second.dir;
}

void ContextIndex::apply(const IgnoreRules& rules) {
  for (auto it = m_entries.begin(); it != m_entries.end();)
    it = !it->second.dir && rules.excluded(it->first) ? m_entries.erase(it) : std::next(it);
  // Excluded directories go when nothing re-included is left below them.
  for (auto it = m_entries.end(); it != m_entries.begin();) {
    --it;
    if (!it->second.dir || !rules.excluded(it->first))
      continue;
    auto below = m_entries.lower_bound(it->first + "/");
    bool empty = below == m_entries.end() || below->first.rfind(it->first + "/", 0) != 0;
    if (empty)
      it = m_entries.erase(it);
  }
}

bool ContextIndex::exists(const std::string& path) const {
  return path.empty() || path == "." || m_entries.count(path) > 0;
}

bool ContextIndex::is_dir(const std::string& path) const {
  auto it = m_entries.find(path);
  return path.empty() || path == "." || (it != m_entries.end() && it->second.dir);
}

// The names directly in `dir` ("" = the root), sorted.
std::vector<std::string> ContextIndex::children(const std::string& dir) const {
  std::string prefix = dir.empty() ? "" : dir + "/";
  std::vector<std::string> out;
  for (auto it = m_entries.lower_bound(prefix);
       it != m_entries.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    std::string rest = it->first.substr(prefix.size());
    if (rest.find('/') == std::string::npos)
      out.push_back(rest);
  }
  return out;
}

void ContextIndex::glob_walk(const std::string& dir, const std::vector<std::string>& parts,
                             size_t index, std::vector<std::string>& out) const {
  if (index == parts.size()) {
    out.push_back(dir);
    return;
  }
  auto it = m_entries.find(dir);
  if (!dir.empty() && (it == m_entries.end() || !it->second.dir))
    return; // not a directory: no match below it
  for (const auto& name : children(dir))
    if (::fnmatch(parts[index].c_str(), name.c_str(), 0) == 0)
      glob_walk(dir.empty() ? name : dir + "/" + name, parts, index + 1, out);
}

Result<std::vector<std::string>> ContextIndex::glob(const std::string& pattern) const {
  std::vector<std::string> out;
  glob_walk("", path_elements(pattern), 0, out);
  return out;
}

// Every member at or below `path`, named relative to it, in the index's order.
Result<std::string> ContextIndex::checksum(const std::string& path) const {
  bool root = path.empty() || path == ".";
  std::string prefix = root ? "" : path + "/";
  layers::Sha256 h;
  auto hash = [&h](const std::string& rel, const Entry& e) {
    h.update(rel + "\n" + std::to_string(e.mode) + "\n" + e.digest + "\n");
  };
  if (!root) {
    auto it = m_entries.find(path);
    if (it == m_entries.end())
      return invalid_argument("stat " + path + ": file does not exist");
    hash(".", it->second);
  }
  for (auto it = m_entries.lower_bound(prefix);
       it != m_entries.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    hash(it->first.substr(prefix.size()), it->second);
  return h.digest();
}

} // namespace mydocker::builder
