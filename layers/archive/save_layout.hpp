// The metadata files of a `docker save` archive as Docker 25+ writes it: the legacy
// manifest.json + repositories, and the OCI image layout (oci-layout, index.json, one OCI
// manifest per image). Pure: blobs are named, not read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/fd.hpp"

namespace mydocker::layers {

struct SavedLayer {
  std::string diff_id; // "sha256:..." = digest of the uncompressed tar stored in blobs/
  int64_t size = 0;    // tar bytes
};

struct SavedImage {
  std::string config_digest; // image ID
  int64_t config_size = 0;
  std::vector<std::string> repo_tags; // familiar "busybox:latest"
  std::vector<SavedLayer> layers;
};

struct SaveLayout {
  // path in the archive -> content; includes blobs/sha256/<manifest hex> (OCI manifests).
  std::map<std::string, std::string> files;
};

// What a save writes, gathered while the image store is locked: configs copied, layer blobs
// held open, so the (maybe slow) streaming afterwards needs no lock and no rmi can pull a
// layer from under it.
struct SavePlan {
  struct Item {
    std::string id;
    std::vector<std::string> tags;
    std::string config;
    std::vector<std::string> diff_ids;
  };
  std::vector<Item> items;
  std::map<std::string, Fd> blobs; // diff ID -> its layer blob
};

std::string blob_name(const std::string& digest); // "blobs/sha256/<hex>"
SaveLayout save_layout(const std::vector<SavedImage>& images);

// OCI media types.
inline constexpr const char* kOciManifestType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kOciIndexType = "application/vnd.oci.image.index.v1+json";
inline constexpr const char* kOciConfigType = "application/vnd.oci.image.config.v1+json";
inline constexpr const char* kOciLayerType = "application/vnd.oci.image.layer.v1.tar";

} // namespace mydocker::layers
