// Blobs (configs, manifests, compressed layers) by sha256 digest under
// <data-root>/image/blobs/sha256/<hex>; written atomically, verified on write.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

class ContentStore {
public:
  explicit ContentStore(std::string root) : m_root(std::move(root)) {}
  Result<void> init();

  Result<std::string> put(std::string_view data); // returns the digest
  Result<std::string> get(const std::string& digest) const;
  bool exists(const std::string& digest) const;
  Result<void> remove(const std::string& digest);
  std::string path(const std::string& digest) const;

private:
  std::string m_root;
};

} // namespace mydocker::layers
