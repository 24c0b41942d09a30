// The outer tar of `docker load` read into memory with its links resolved. Hostile names
// (absolute, "..", links that leave the archive) are refused before anything is stored.
#pragma once

#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

// A big member of a compressed archive, inflated into a temp file (mapped read-only for the
// few readers that want bytes; layers are taken from the file itself). Removed with its owner.
struct SpilledMember {
  std::string path;
  void* map = nullptr;
  size_t size = 0;
  ~SpilledMember();
};

// Clean path -> content of every regular file (symlinks and hardlinks resolved to files).
// Contents of an uncompressed input are views into it (no copy): the input must outlive this.
class ArchiveFiles {
public:
  using Map = std::map<std::string, std::string_view>;
  Map::const_iterator find(const std::string& name) const { return m_files.find(name); }
  Map::const_iterator end() const { return m_files.end(); }
  size_t count(const std::string& name) const { return m_files.count(name); }
  std::string_view at(const std::string& name) const { return m_files.at(name); }
  void add_view(const std::string& name, std::string_view data) { m_files[name] = data; }
  void add_copy(const std::string& name, std::string data) {
    m_files[name] = m_owned.emplace_back(std::move(data)); // list nodes never move
  }
  void add_spilled(const std::string& name, std::unique_ptr<SpilledMember> member);
  // The temp file holding a spilled member (or a link to one), if it was spilled.
  std::optional<std::string> spilled_path(const std::string& name) const;
  // `name` becomes another name of the file behind `target` (a resolved link).
  void add_alias(const std::string& name, const std::string& target);

private:
  Map m_files;
  std::list<std::string> m_owned;
  std::map<std::string, std::string> m_spilled_paths;
  std::list<std::unique_ptr<SpilledMember>> m_spilled;
};

// `input` may be gzip, bzip2, xz or zstd compressed. With a `spill_dir`, members of a
// compressed input bigger than 1 MiB are inflated into temp files there instead of memory.
Result<ArchiveFiles> read_outer_archive(std::string_view input, const std::string& spill_dir = "");

} // namespace mydocker::layers
