// The step cache: key (parent image + instruction + sources' checksums) -> image ID, one
// small file per key under <data-root>/builder/cache, so it survives restarts.
#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"

namespace mydocker::builder {

class BuildCache {
public:
  explicit BuildCache(std::string dir) : m_dir(std::move(dir)) {}
  Result<void> init();
  std::optional<std::string> get(const std::string& key) const;
  Result<void> put(const std::string& key, const std::string& image_id);
  // Removes every record; returns how many bytes they took.
  int64_t clear();

private:
  std::string path_of(const std::string& key) const;
  std::string m_dir;
};

// sha256 of `text` as 64 hex digits.
std::string sha256_hex(std::string_view text);

} // namespace mydocker::builder
