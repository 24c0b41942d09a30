// docker load: the legacy docker-save layout (manifest.json) and the OCI image layout
// (index.json). Every layer is verified against the config's diff IDs; a failure removes
// whatever this load had added, so a refused archive leaves nothing behind.
#include <unistd.h>

#include <algorithm>

#include "api/types/image_config.hpp"
#include "api/types/manifest.hpp"
#include "common/atomic_file.hpp"
#include "common/event_bus.hpp"
#include "common/random_id.hpp"
#include "common/scope_guard.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/outer_archive.hpp"
#include "layers/archive/save_layout.hpp"
#include "layers/digest.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

using nlohmann::json;

namespace {

struct LoadItem {
  std::string config; // archive path of the config
  std::vector<std::string> layers;
  std::vector<std::string> repo_tags;
};

std::string_view member(const ArchiveFiles& files, const std::string& name) {
  auto it = files.find(name);
  return it == files.end() ? std::string_view() : it->second;
}

Result<std::vector<LoadItem>> legacy_items(const ArchiveFiles& files) {
  std::vector<LoadItem> out;
  for (auto& entry : TRY(api::decode_save_manifest(member(files, "manifest.json"))))
    out.push_back({entry.config, entry.layers, entry.repo_tags});
  return out;
}

// The tag an index entry names: containerd's full name, else a full ref.name.
std::optional<std::string> index_tag(const api::ContentDescriptor& entry) {
  for (const char* key : {"io.containerd.image.name", "org.opencontainers.image.ref.name"}) {
    auto it = entry.annotations.find(key);
    std::string name = it == entry.annotations.end() ? "" : it->second;
    if (name.find(':') == std::string::npos && name.find('/') == std::string::npos)
      continue; // a bare tag ("latest") names no repository
    if (auto ref = parse_reference(name); ref && ref->digest.empty())
      return ref->familiar_string();
  }
  return std::nullopt;
}

// Another platform of a multi-platform index (the host is linux/amd64).
bool foreign_platform(const api::ContentDescriptor& entry) {
  if (!entry.platform)
    return false;
  const auto& p = *entry.platform;
  return (!p.architecture.empty() && p.architecture != "amd64") ||
         (!p.os.empty() && p.os != "linux");
}

Result<std::string_view> verified_blob(const ArchiveFiles& files, const std::string& digest) {
  auto it = files.find(blob_name(digest));
  if (it == files.end())
    return invalid_argument("invalid archive: " + blob_name(digest) + " is missing");
  if (sha256_digest(it->second) != digest)
    return invalid_argument("invalid archive: manifest " + digest + " does not match");
  return it->second;
}

void add_item(std::vector<LoadItem>& out, LoadItem item, const std::optional<std::string>& tag) {
  auto same = std::find_if(out.begin(), out.end(),
                           [&](const LoadItem& i) { return i.config == item.config; });
  if (same == out.end())
    same = out.insert(out.end(), std::move(item));
  if (tag)
    same->repo_tags.push_back(*tag);
}

// Docker's text for a layer whose content does not hash to its diff ID.
Error diff_id_error(size_t index, const std::string& expected, Error e) {
  size_t got = e.message.find(", got ");
  if (e.message.rfind("layer diff ID mismatch", 0) != 0 || got == std::string::npos)
    return e;
  e.message = "invalid diffID for layer " + std::to_string(index) + ": expected \"" + expected +
              "\", got \"" + e.message.substr(got + 6) + "\"";
  return e;
}

// `outer_tag`: the name an enclosing index entry gave a multi-platform index.
Result<void> oci_entries(const ArchiveFiles& files, const api::ImageIndex& index,
                         std::vector<LoadItem>& out, int depth,
                         const std::optional<std::string>& outer_tag) {
  for (const auto& entry : index.manifests) {
    if (depth > 0 && (!files.count(blob_name(entry.digest)) || foreign_platform(entry)))
      continue;
    std::string_view bytes = TRY(verified_blob(files, entry.digest));
    auto tag = index_tag(entry);
    if (!tag)
      tag = outer_tag;
    json body = json::parse(bytes, nullptr, false);
    if (api::is_image_index(entry.media_type, body)) { // a nested index (multi-platform)
      if (depth < 2)
        TRY_VOID(oci_entries(files, TRY(api::decode_image_index_json(body)), out, depth + 1, tag));
      continue;
    }
    api::ImageManifest m = TRY(api::decode_image_manifest_json(body, entry.media_type));
    LoadItem item{blob_name(m.config.digest), {}, {}};
    for (const auto& l : m.layers)
      item.layers.push_back(blob_name(l.digest));
    add_item(out, std::move(item), tag);
  }
  return {};
}

Result<std::vector<LoadItem>> load_items(const ArchiveFiles& files) {
  if (files.count("manifest.json"))
    return legacy_items(files);
  if (!files.count("index.json"))
    return invalid_argument("invalid archive: neither manifest.json nor index.json found");
  std::vector<LoadItem> out;
  api::ImageIndex index = TRY(api::decode_image_index(member(files, "index.json")));
  TRY_VOID(oci_entries(files, index, out, 0, std::nullopt));
  return out;
}

} // namespace

Result<std::vector<std::string>> LocalImageService::load_archive(std::string_view input) {
  ArchiveFiles files = TRY(read_outer_archive(input, m_downloads));
  std::vector<LoadItem> items = TRY(load_items(files));
  std::lock_guard lock(m_mutex);
  Rollback undo; // what this load added, removed again if any part fails
  std::vector<std::pair<std::string, std::vector<std::string>>> loaded;
  for (const auto& item : items) {
    std::string id = TRY(load_one(files, item.config, item.layers, undo));
    std::vector<std::string> tags;
    for (const auto& t : item.repo_tags)
      tags.push_back(TRY(parse_reference(t)).familiar_string());
    loaded.emplace_back(id, tags);
  }
  std::vector<std::string> report;
  for (const auto& [id, tags] : loaded) {
    for (const auto& tag : tags) {
      auto previous = m_tags.lookup(tag);
      if (previous && *previous != id)
        report.push_back("The image " + tag + " already exists, renaming the old one with ID " +
                         *previous + " to empty string");
      TRY_VOID(m_tags.set(tag, id));
      report.push_back("Loaded image: " + tag);
    }
    if (tags.empty())
      report.push_back("Loaded image ID: " + id);
  }
  undo.dismiss();
  for (const auto& item : loaded)
    events::publish_image("load", item.first, item.first);
  return report;
}

// A layer member goes through a temp file into the layer store as a stream: a small
// compressed member may inflate to gigabytes. A member already spilled to a file (from a
// compressed archive) is linked, never read into memory.
Result<LayerInfo> LocalImageService::load_layer(const ArchiveFiles& files, const std::string& name,
                                                const std::string& parent,
                                                const std::string& diff_id) {
  std::string_view blob = files.at(name);
  std::string file = m_downloads + "/tmp-load-" + random_hex_id(8);
  if (auto spilled = files.spilled_path(name)) {
    if (::link(spilled->c_str(), file.c_str()) != 0)
      return sys_error("link " + *spilled);
  } else {
    TRY_VOID(write_file_replace(file, blob));
  }
  auto layer = m_layers.create_from_blob(file, layer_media_type_of(blob.substr(0, 8)), parent,
                                         diff_id, BlobForm::GzipPlainTar);
  ::unlink(file.c_str()); // moved into the layer unless that failed or existed
  return layer;
}

Result<std::string> LocalImageService::load_one(const ArchiveFiles& files,
                                                const std::string& config_name,
                                                const std::vector<std::string>& layer_names,
                                                Rollback& undo) {
  auto config_member = files.find(config_name);
  if (config_member == files.end())
    return invalid_argument("invalid archive: " + config_name + " is missing");
  std::string_view config_blob = config_member->second;
  api::ImageConfig config = TRY(api::decode_image_config(config_blob));
  const auto& diff_ids = config.rootfs.diff_ids;
  if (diff_ids.size() != layer_names.size())
    return invalid_argument("invalid manifest, layers length mismatch: expected " +
                            std::to_string(diff_ids.size()) + ", got " +
                            std::to_string(layer_names.size()));
  if (layer_names.empty())
    return invalid_argument("invalid archive: image " + config_name + " has no layers");
  std::string parent;
  for (size_t i = 0; i < layer_names.size(); ++i) {
    auto blob = files.find(layer_names[i]);
    if (blob == files.end())
      return invalid_argument("invalid archive: layer " + layer_names[i] + " is missing");
    std::string chain = chain_id(parent, diff_ids[i]);
    if (!m_layers.exists(chain)) {
      auto layer = load_layer(files, layer_names[i], parent, diff_ids[i]);
      if (!layer)
        return tl::unexpected(diff_id_error(i, diff_ids[i], layer.error()));
      undo.add([this, chain] { (void)m_layers.remove(chain); });
    }
    parent = chain;
  }
  std::string id = sha256_digest(config_blob);
  if (!m_configs.exists(id)) {
    TRY(m_configs.put(config_blob));
    undo.add([this, id] { (void)m_configs.remove(id); });
  }
  return id;
}

} // namespace mydocker::layers
