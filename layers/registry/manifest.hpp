// Image manifests as registries serve them (Docker schema2, OCI) and the lists that
// point at one manifest per platform (Docker manifest list, OCI index).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::layers::registry {

inline constexpr const char* kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr const char* kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr const char* kDockerConfig = "application/vnd.docker.container.image.v1+json";
// The Accept header of a manifest GET: every type we can read.
std::string manifest_accept_header();

struct Platform {
  std::string os = "linux";
  std::string architecture = "amd64";
  std::string variant; // "" = any
  std::string str() const;
};
// "linux/amd64", "linux/arm64/v8", "" (= the host's linux/amd64). InvalidArgument otherwise.
Result<Platform> parse_platform(const std::string& text);

struct Descriptor {
  std::string media_type;
  std::string digest;
  int64_t size = 0;
  Platform platform; // for list entries
};

struct Manifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;
};

// True for a manifest list / OCI index (by Content-Type or the body's mediaType/manifests).
bool is_index(const std::string& content_type, const nlohmann::json& body);
// InvalidArgument for schema1 and anything unreadable.
Result<Manifest> parse_manifest(const std::string& content_type, const nlohmann::json& body);
// The entry for `want`; NotFound "no matching manifest for linux/amd64 in the manifest list
// entries" when there is none.
Result<Descriptor> select_platform(const nlohmann::json& index, const Platform& want);

// A Docker schema2 manifest as dockerd writes it (3-space indent, Go field order), so
// that re-pushing a pulled image gives the registry the same bytes and digest.
std::string docker_manifest_json(const Descriptor& config, const std::vector<Descriptor>& layers);

} // namespace mydocker::layers::registry
