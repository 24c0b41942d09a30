// Unpacked layers, once per chain ID, under <data-root>/layers/<chain hex>/diff.
// A layer appears by rename of a fully written temp dir, so a crash never leaves a
// half layer that could be used; leftovers are swept at init.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "layers/archive/extract.hpp"

namespace mydocker::layers {

// Media types of a layer blob as registries and manifests name them.
inline constexpr const char* kGzipLayerType = "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr const char* kPlainLayerType = "application/vnd.docker.image.rootfs.diff.tar";
// What create_from_blob keeps: the blob as given (pulled: its digest is the registry's), or
// a plain tar compressed to gzip (loaded, imported, committed: as Docker would push it).
enum class BlobForm { AsGiven, GzipPlainTar };

// The media type a layer blob is stored and pushed with, sniffed from its first bytes.
std::string layer_media_type_of(std::string_view blob);

struct LayerInfo {
  std::string chain_id; // "sha256:..."
  std::string diff_id;  // sha256 of the uncompressed tar
  int64_t size = 0;
  // The layer's tar as a registry serves it (compressed), kept so that push and save hand out
  // exactly the bytes whose digests the image config names. Empty for layers without one.
  std::string blob_digest;
  std::string blob_media_type;
  int64_t blob_size = 0;
};

// chain(L1) = diff(L1); chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)) (OCI image spec).
std::string chain_id(const std::string& parent_chain, const std::string& diff_id);
std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids);

class LayerStore {
public:
  explicit LayerStore(std::string root) : m_root(std::move(root)) {}
  Result<void> init();

  // Unpacks an uncompressed tar as the layer above `parent_chain` ("" for a base layer) and
  // keeps a gzip copy of it as the layer's blob.
  Result<LayerInfo> create(std::string_view tar, const std::string& parent_chain);
  // A layer blob already on disk (gzip, zstd, ... or plain tar, e.g. fresh from a registry),
  // read as a stream: memory stays bounded whatever it inflates to. Its uncompressed digest
  // must equal `expected_diff_id` unless that is "". The file is moved into the layer and
  // kept as its blob (its digest is computed here).
  Result<LayerInfo> create_from_blob(const std::string& blob_file, const std::string& media_type,
                                     const std::string& parent_chain,
                                     const std::string& expected_diff_id,
                                     BlobForm form = BlobForm::AsGiven);
  // <layer dir>/blob: the stored blob of LayerInfo::blob_digest.
  std::string blob_path(const std::string& chain_id) const;
  Result<LayerInfo> get(const std::string& chain_id) const;
  bool exists(const std::string& chain_id) const;
  Result<void> remove(const std::string& chain_id);
  std::string diff_dir(const std::string& chain_id) const;
  // Short names for overlay mounts (as Docker's overlay2 "l/" links): "l/<26 chars>" under
  // root(), a symlink to the layer's diff dir, so a mount made from root() with relative
  // names fits 100+ layers into the one page of mount options.
  static std::string link_name(const std::string& chain_id);
  Result<void> ensure_link(const std::string& chain_id) const;
  const std::string& root() const { return m_root; }

private:
  std::string dir(const std::string& chain_id) const;
  // Fills a layer's diff dir (and may complete `info`, e.g. digests found while reading).
  using Extractor = std::function<Result<ExtractStats>(const std::string& diff_dir, LayerInfo&)>;
  static Extractor in_memory(std::string_view tar);
  // Extracts into a temp dir and renames it (holding `blob_file`, if any) in place.
  Result<LayerInfo> commit_layer(const Extractor& extract, LayerInfo info,
                                 const std::string& parent, const std::string& blob_file,
                                 std::string_view blob_data);
  std::string m_root;
};

// rm -rf without following symlinks (used for layer and container dirs).
Result<void> remove_tree(const std::string& path);

} // namespace mydocker::layers
