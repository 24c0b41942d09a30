// /images/prune: dangling (untagged) images, or with `all` every image no container uses.
// Images that are the parent of another image stay until their children go (as in moby);
// passes repeat so that a chain of committed images is pruned from the top down.
#include "layers/local_image_service.hpp"

namespace mydocker::layers {

using nlohmann::json;

namespace {

bool labels_match(const Image& image, const std::vector<std::string>& wanted, bool negate) {
  for (const auto& w : wanted) {
    size_t eq = w.find('=');
    auto it = image.config.labels.find(w.substr(0, eq));
    bool has = it != image.config.labels.end() &&
               (eq == std::string::npos || it->second == w.substr(eq + 1));
    if (has == negate)
      return false;
  }
  return true;
}

} // namespace

Result<json> LocalImageService::prune(
    const PruneOptions& o,
    const std::function<std::optional<std::string>(const std::string&)>& used_by) {
  json deleted = json::array();
  int64_t reclaimed = 0;
  for (bool progress = true; progress;) {
    progress = false;
    std::vector<Image> images = list();
    std::map<std::string, int64_t> layer_sizes;
    std::set<std::string> parents;
    for (const auto& image : images) {
      parents.insert(image.parent);
      auto chains = chain_ids(image.diff_ids);
      for (size_t i = 0; i < chains.size() && i < image.layer_sizes.size(); ++i)
        layer_sizes[chains[i]] = image.layer_sizes[i];
    }
    for (const auto& image : images) {
      bool dangling = image.repo_tags.empty() && image.repo_digests.empty();
      if ((!o.all && !dangling) || parents.count(image.id) || image.created >= o.until ||
          !labels_match(image, o.labels, false) || !labels_match(image, o.not_labels, true) ||
          (used_by && used_by(image.id)))
        continue;
      auto report = remove(image.id, true, false, used_by);
      if (!report)
        continue; // raced with another removal: not ours to report
      for (const auto& item : *report)
        deleted.push_back(item);
      // The space is that of the layers the removal took away (known to the store, not
      // read back from the report's JSON).
      for (auto it = layer_sizes.begin(); it != layer_sizes.end();)
        if (!m_layers.exists(it->first)) {
          reclaimed += it->second;
          it = layer_sizes.erase(it);
        } else {
          ++it;
        }
      progress = true;
    }
  }
  return json{{"ImagesDeleted", deleted.empty() ? json(nullptr) : deleted},
              {"SpaceReclaimed", reclaimed}};
}

} // namespace mydocker::layers
