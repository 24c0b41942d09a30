// Unpacked layers, once per chain ID, under <data-root>/layers/<chain hex>/diff.
// A layer appears by rename of a fully written temp dir, so a crash never leaves a
// half layer that could be used; leftovers are swept at init.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace mydocker::layers {

struct LayerInfo {
  std::string chain_id; // "sha256:..."
  std::string diff_id;  // sha256 of the uncompressed tar
  int64_t size = 0;
};

// chain(L1) = diff(L1); chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)) (OCI image spec).
std::string chain_id(const std::string& parent_chain, const std::string& diff_id);
std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids);

class LayerStore {
public:
  explicit LayerStore(std::string root) : m_root(std::move(root)) {}
  Result<void> init();

  // Unpacks an uncompressed tar as the layer above `parent_chain` ("" for a base layer).
  Result<LayerInfo> create(std::string_view tar, const std::string& parent_chain);
  Result<LayerInfo> get(const std::string& chain_id) const;
  bool exists(const std::string& chain_id) const;
  Result<void> remove(const std::string& chain_id);
  std::string diff_dir(const std::string& chain_id) const;

private:
  std::string dir(const std::string& chain_id) const;
  std::string m_root;
};

// rm -rf without following symlinks (used for layer and container dirs).
Result<void> remove_tree(const std::string& path);

} // namespace mydocker::layers
