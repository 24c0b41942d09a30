// Where COPY/ADD look their sources up for the cache key: a root directory fd (an image,
// the downloads, an unpacked context) or the context's in-memory index.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::builder {

class SourceTree {
public:
  virtual ~SourceTree() = default;
  // `path` relative to the root ("." = the root itself).
  virtual bool exists(const std::string& path) const = 0;
  virtual bool is_dir(const std::string& path) const = 0;
  // The sorted paths matching a Go filepath.Match pattern element by element.
  virtual Result<std::vector<std::string>> glob(const std::string& pattern) const = 0;
  // A checksum of the tree at `path` (names, types, modes, contents).
  virtual Result<std::string> checksum(const std::string& path) const = 0;
};

// A directory fd: every lookup confined with openat2(RESOLVE_IN_ROOT).
class RootFdTree final : public SourceTree {
public:
  explicit RootFdTree(int root_fd) : m_root(root_fd) {}
  bool exists(const std::string& path) const override;
  bool is_dir(const std::string& path) const override;
  Result<std::vector<std::string>> glob(const std::string& pattern) const override;
  Result<std::string> checksum(const std::string& path) const override;

private:
  int m_root;
};

} // namespace mydocker::builder
