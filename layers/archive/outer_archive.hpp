// The outer tar of `docker load` read into memory with its links resolved. Hostile names
// (absolute, "..", links that leave the archive) are refused before anything is stored.
#pragma once

#include <list>
#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

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

private:
  Map m_files;
  std::list<std::string> m_owned;
};

// `input` may be gzip, bzip2, xz or zstd compressed.
Result<ArchiveFiles> read_outer_archive(std::string_view input);

} // namespace mydocker::layers
