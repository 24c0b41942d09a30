// The build context as the client sent it, read into memory without touching the disk:
// every member's path, type, mode and content digest. A fully cached build needs nothing
// more (the Dockerfile, .dockerignore and COPY's cache keys come from here), so the
// context is unpacked only when a COPY has to run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "builder/source_tree.hpp"

namespace mydocker::builder {

class IgnoreRules;

class ContextIndex final : public SourceTree {
public:
  // nullopt when the tar is compressed or holds anything but files and directories
  // (symlinks, hardlinks, devices, paths leaving the root): such a context is unpacked
  // and read on disk, confined. `keep` names the files whose contents are kept.
  static std::optional<ContextIndex> read(std::string_view tar, const std::set<std::string>& keep);

  // A kept file's contents; nullopt when it is missing, a directory or not kept.
  std::optional<std::string> contents(const std::string& path) const;
  bool is_file(const std::string& path) const;
  // What .dockerignore excludes disappears (as BuildContext does on disk).
  void apply(const IgnoreRules& rules);

  bool exists(const std::string& path) const override;
  bool is_dir(const std::string& path) const override;
  Result<std::vector<std::string>> glob(const std::string& pattern) const override;
  Result<std::string> checksum(const std::string& path) const override;

private:
  struct Entry {
    bool dir = false;
    uint32_t mode = 0;
    std::string digest; // of a file's contents
  };
  bool add(std::string path, Entry entry);
  std::vector<std::string> children(const std::string& dir) const;
  void glob_walk(const std::string& dir, const std::vector<std::string>& parts, size_t index,
                 std::vector<std::string>& out) const;

  std::map<std::string, Entry> m_entries; // clean relative paths, no root entry
  std::map<std::string, std::string> m_kept;
};

} // namespace mydocker::builder
