#include "layers/archive/save_layout.hpp"

#include "layers/digest.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

using nlohmann::json;

std::string blob_name(const std::string& digest) {
  return "blobs/sha256/" + digest_hex(digest);
}

namespace {

json oci_manifest(const SavedImage& image) {
  json layers = json::array();
  for (const auto& l : image.layers)
    layers.push_back({{"mediaType", kOciLayerType}, {"digest", l.diff_id}, {"size", l.size}});
  return {{"schemaVersion", 2},
          {"mediaType", kOciManifestType},
          {"config",
           {{"mediaType", kOciConfigType},
            {"digest", image.config_digest},
            {"size", image.config_size}}},
          {"layers", layers}};
}

// index.json entry: one per tag (annotated as containerd and the OCI spec name it), or a
// bare one for an image saved by ID.
void add_index_entries(json& manifests, const SavedImage& image, const std::string& digest,
                       size_t size) {
  json entry = {{"mediaType", kOciManifestType}, {"digest", digest}, {"size", size}};
  if (image.repo_tags.empty())
    manifests.push_back(entry);
  for (const auto& tag : image.repo_tags) {
    auto ref = parse_reference(tag);
    if (!ref)
      continue;
    entry["annotations"] = {{"io.containerd.image.name", ref->full_name() + ":" + ref->tag},
                            {"org.opencontainers.image.ref.name", ref->tag}};
    manifests.push_back(entry);
  }
}

} // namespace

SaveLayout save_layout(const std::vector<SavedImage>& images) {
  SaveLayout out;
  json legacy = json::array();
  json repositories = json::object();
  json manifests = json::array();
  for (const auto& image : images) {
    std::string manifest = oci_manifest(image).dump();
    std::string digest = sha256_digest(manifest);
    out.files[blob_name(digest)] = manifest;
    add_index_entries(manifests, image, digest, manifest.size());
    json layer_names = json::array();
    for (const auto& l : image.layers)
      layer_names.push_back(blob_name(l.diff_id));
    legacy.push_back({{"Config", blob_name(image.config_digest)},
                      {"RepoTags", image.repo_tags},
                      {"Layers", layer_names}});
    for (const auto& tag : image.repo_tags)
      if (auto ref = parse_reference(tag); ref && !image.layers.empty())
        repositories[ref->familiar_name()][ref->tag] = digest_hex(image.layers.back().diff_id);
  }
  out.files["manifest.json"] = legacy.dump();
  out.files["oci-layout"] = json{{"imageLayoutVersion", "1.0.0"}}.dump();
  out.files["index.json"] =
      json{{"schemaVersion", 2}, {"mediaType", kOciIndexType}, {"manifests", manifests}}.dump();
  if (!repositories.empty())
    out.files["repositories"] = repositories.dump();
  return out;
}

} // namespace mydocker::layers
