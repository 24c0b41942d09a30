// Image manifests (Docker schema2, OCI), manifest lists / OCI indexes and the manifest.json
// of `docker save`, as typed, validated structs. Decoding never throws; every digest must
// be a well-formed sha256 digest, sizes non-negative, an image manifest needs a config
// and at least one layer. Like the image config, the struct is for reading: blobs keep
// their exact bytes (their digests name them).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::api {

struct DescriptorPlatform {
  std::string os;
  std::string architecture;
  std::string variant;
};

struct ContentDescriptor {
  std::string media_type;
  std::string digest;
  int64_t size = 0;
  std::optional<DescriptorPlatform> platform;
  std::map<std::string, std::string> annotations;
};

struct ImageManifest {
  int64_t schema_version = 0;
  std::string media_type; // the body's mediaType, else the Content-Type it came with
  ContentDescriptor config;
  std::vector<ContentDescriptor> layers;
};

struct ImageIndex {
  int64_t schema_version = 0;
  std::string media_type;
  std::vector<ContentDescriptor> manifests;
};

// One entry of a docker-save manifest.json.
struct SaveManifestEntry {
  std::string config; // archive path
  std::vector<std::string> repo_tags;
  std::vector<std::string> layers; // archive paths, bottom first
};

// True for a Docker manifest list or OCI index (by Content-Type, mediaType, or shape).
bool is_image_index(std::string_view content_type, const nlohmann::json& body);
// InvalidArgument "invalid manifest: <why>" (schema 1: Docker's "no longer supported").
Result<ImageManifest> decode_image_manifest_json(const nlohmann::json& body,
                                                 std::string_view content_type = "");
Result<ImageManifest> decode_image_manifest(std::string_view bytes,
                                            std::string_view content_type = "");
// InvalidArgument "invalid index: <why>".
Result<ImageIndex> decode_image_index_json(const nlohmann::json& body);
Result<ImageIndex> decode_image_index(std::string_view bytes);
// InvalidArgument "invalid archive: manifest.json: <why>".
Result<std::vector<SaveManifestEntry>> decode_save_manifest(std::string_view bytes);

} // namespace mydocker::api
