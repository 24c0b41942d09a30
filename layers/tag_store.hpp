// Repository tags and digests -> image IDs, one JSON file written atomically
// (<data-root>/image/repositories.json). Keys are familiar strings: "busybox:latest".
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::layers {

class TagStore {
public:
  explicit TagStore(std::string path) : m_path(std::move(path)) {}
  Result<void> load();

  std::optional<std::string> lookup(const std::string& ref) const;
  std::vector<std::string> refs_of(const std::string& image_id) const;
  Result<void> set(const std::string& ref, const std::string& image_id);
  Result<void> remove(const std::string& ref);

private:
  Result<void> save() const; // caller holds m_mutex
  std::string m_path;
  mutable std::mutex m_mutex;
  std::map<std::string, std::string> m_refs;
};

} // namespace mydocker::layers
