// docker load: the legacy docker-save layout (manifest.json) and the OCI image layout
// (index.json). Every layer is verified against the config's diff IDs; a failure removes
// whatever this load had added, so a refused archive leaves nothing behind.
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

Result<json> parse_json(const ArchiveFiles& files, const std::string& name) {
  auto it = files.find(name);
  if (it == files.end())
    return invalid_argument("invalid archive: " + name + " is missing");
  json j = json::parse(it->second, nullptr, false);
  if (j.is_discarded())
    return invalid_argument("invalid archive: " + name + " is not valid JSON");
  return j;
}

Result<std::vector<LoadItem>> legacy_items(const ArchiveFiles& files) {
  json manifest = TRY(parse_json(files, "manifest.json"));
  if (!manifest.is_array())
    return invalid_argument("invalid archive: manifest.json is not a list");
  std::vector<LoadItem> out;
  for (const auto& m : manifest) {
    if (!m.is_object() || !m.contains("Config") || !m["Config"].is_string())
      return invalid_argument("invalid archive: manifest.json entry without Config");
    LoadItem item{m["Config"].get<std::string>(), {}, {}};
    for (const auto& l : m.value("Layers", json::array()))
      item.layers.push_back(l.get<std::string>());
    for (const auto& t : m.value("RepoTags", json::array()))
      item.repo_tags.push_back(t.get<std::string>());
    out.push_back(std::move(item));
  }
  return out;
}

// The tag an index entry names: containerd's full name, else a full ref.name.
std::optional<std::string> index_tag(const json& entry) {
  json notes = entry.value("annotations", json::object());
  for (const char* key : {"io.containerd.image.name", "org.opencontainers.image.ref.name"}) {
    std::string name = notes.value(key, "");
    if (name.find(':') == std::string::npos && name.find('/') == std::string::npos)
      continue; // a bare tag ("latest") names no repository
    if (auto ref = parse_reference(name); ref && ref->digest.empty())
      return ref->familiar_string();
  }
  return std::nullopt;
}

// `outer_tag`: the name an enclosing index entry gave a multi-platform index.
Result<void> oci_entries(const ArchiveFiles& files, const json& index, std::vector<LoadItem>& out,
                         int depth, const std::optional<std::string>& outer_tag) {
  for (const auto& entry : index.value("manifests", json::array())) {
    std::string digest = entry.value("digest", "");
    if (!is_valid_digest(digest))
      return invalid_argument("invalid archive: bad digest in index.json");
    json platform = entry.value("platform", json::object());
    if (depth > 0 &&
        (!files.count(blob_name(digest)) || platform.value("architecture", "amd64") != "amd64" ||
         platform.value("os", "linux") != "linux"))
      continue; // another platform of a multi-platform index (the host is linux/amd64)
    json m = TRY(parse_json(files, blob_name(digest)));
    if (sha256_digest(files.at(blob_name(digest))) != digest)
      return invalid_argument("invalid archive: manifest " + digest + " does not match");
    auto tag = index_tag(entry);
    if (!tag)
      tag = outer_tag;
    if (m.contains("manifests")) { // a nested index (multi-platform)
      if (depth < 2)
        TRY_VOID(oci_entries(files, m, out, depth + 1, tag));
      continue;
    }
    LoadItem item{blob_name(m["config"].value("digest", "")), {}, {}};
    for (const auto& l : m.value("layers", json::array()))
      item.layers.push_back(blob_name(l.value("digest", "")));
    auto same = std::find_if(out.begin(), out.end(),
                             [&](const LoadItem& i) { return i.config == item.config; });
    if (same == out.end())
      same = out.insert(out.end(), std::move(item));
    if (tag)
      same->repo_tags.push_back(*tag);
  }
  return {};
}

Result<std::vector<LoadItem>> load_items(const ArchiveFiles& files) {
  if (files.count("manifest.json"))
    return legacy_items(files);
  if (!files.count("index.json"))
    return invalid_argument("invalid archive: neither manifest.json nor index.json found");
  std::vector<LoadItem> out;
  TRY_VOID(oci_entries(files, TRY(parse_json(files, "index.json")), out, 0, std::nullopt));
  return out;
}

} // namespace

Result<std::vector<std::string>> LocalImageService::load_archive(std::string_view input) {
  ArchiveFiles files = TRY(read_outer_archive(input));
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
  return report;
}

Result<std::string> LocalImageService::load_one(const ArchiveFiles& files,
                                                const std::string& config_name,
                                                const std::vector<std::string>& layer_names,
                                                Rollback& undo) {
  json config = TRY(parse_json(files, config_name));
  std::string_view config_blob = files.at(config_name);
  json diff_ids =
      config.contains("rootfs") ? config["rootfs"].value("diff_ids", json::array()) : json::array();
  if (!diff_ids.is_array() || diff_ids.size() != layer_names.size())
    return invalid_argument("invalid manifest, layers length mismatch: expected " +
                            std::to_string(diff_ids.size()) + ", got " +
                            std::to_string(layer_names.size()));
  std::string parent;
  for (size_t i = 0; i < layer_names.size(); ++i) {
    auto blob = files.find(layer_names[i]);
    if (blob == files.end())
      return invalid_argument("invalid archive: layer " + layer_names[i] + " is missing");
    std::string expected = diff_ids[i].is_string() ? diff_ids[i].get<std::string>() : "";
    std::string chain = chain_id(parent, expected);
    if (!m_layers.exists(chain)) {
      std::string tar = TRY(decompress(blob->second)); // OCI layers may be compressed
      std::string actual = sha256_digest(tar);
      if (actual != expected)
        return invalid_argument("invalid diffID for layer " + std::to_string(i) + ": expected \"" +
                                expected + "\", got \"" + actual + "\"");
      TRY(m_layers.create(tar, parent));
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
