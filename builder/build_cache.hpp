// The step cache: key (parent image + instruction + sources' checksums) -> image ID, one
// small file per key under <data-root>/builder/cache, so it survives restarts; kept in
// memory too, so a lookup reads no disk. Thread-safe (builds may run side by side).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace mydocker::builder {

class BuildCache {
public:
  explicit BuildCache(std::string dir) : m_dir(std::move(dir)) {}
  // Loads the records (an empty or unreadable one is dropped).
  Result<void> init();
  std::optional<std::string> get(const std::string& key) const;
  Result<void> put(const std::string& key, const std::string& image_id);
  // Drops the records that point at `image_id` (the image was deleted).
  void forget_image(const std::string& image_id);
  // Removes every record; returns their names and how many bytes they took.
  std::pair<std::vector<std::string>, int64_t> clear();
  size_t size() const;

private:
  std::string m_dir;
  mutable std::mutex m_mutex;
  std::map<std::string, std::string> m_records; // file name (sha256 of the key) -> image ID
};

// sha256 of `text` as 64 hex digits.
std::string sha256_hex(std::string_view text);

} // namespace mydocker::builder
