// rmi and the container layers of LocalImageService.
#include <unistd.h>

#include <filesystem>
#include <set>

#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {
std::string short12(const std::string& id) {
  return short_id(id.rfind("sha256:", 0) == 0 ? id.substr(7) : id);
}

std::string repo_of(const std::string& ref) {
  size_t at = ref.find('@');
  return at != std::string::npos ? ref.substr(0, at) : ref.substr(0, ref.rfind(':'));
}

// Untagging the last tag of a repository drops that repository's digest references too
// (moby image_delete.go), so `rmi x` after a pull deletes the image.
std::vector<std::string> refs_untagged_with(const std::string& ref,
                                            const std::vector<std::string>& refs) {
  std::vector<std::string> out = {ref};
  if (ref.find('@') != std::string::npos)
    return out;
  std::string repo = repo_of(ref);
  for (const auto& r : refs)
    if (r != ref && r.find('@') == std::string::npos && repo_of(r) == repo)
      return out; // another tag of the repository stays
  for (const auto& r : refs)
    if (r.find('@') != std::string::npos && repo_of(r) == repo)
      out.push_back(r);
  return out;
}
} // namespace

Result<void> LocalImageService::delete_image(const Image& image, bool noprune, json& report) {
  TRY_VOID(m_configs.remove(image.id));
  ::unlink(parent_path(image.id).c_str());
  report.push_back({{"Deleted", image.id}});
  if (noprune)
    return {};
  // A layer goes when no remaining image stacks on it.
  std::set<std::string> still_used;
  for (const auto& id : image_ids())
    if (auto other = load(id))
      for (const auto& chain : chain_ids(other->diff_ids))
        still_used.insert(chain);
  auto chains = chain_ids(image.diff_ids);
  for (auto it = chains.rbegin(); it != chains.rend(); ++it)
    if (!still_used.count(*it) && m_layers.exists(*it)) {
      TRY_VOID(m_layers.remove(*it));
      report.push_back({{"Deleted", *it}});
    }
  return {};
}

bool LocalImageService::has_children(const std::string& image_id) const {
  for (const auto& id : image_ids())
    if (auto parent = read_file(parent_path(id)); parent && *parent == image_id)
      return true;
  return false;
}

// rmi without noprune also deletes the untagged parents nothing else needs (moby's prune).
Result<void> LocalImageService::delete_unused_parents(
    std::string parent, json& report,
    const std::function<std::optional<std::string>(const std::string&)>& used_by) {
  while (!parent.empty() && m_configs.exists(parent) && m_tags.refs_of(parent).empty() &&
         !has_children(parent) && !(used_by && used_by(parent))) {
    Image image = TRY(load(parent));
    TRY_VOID(delete_image(image, false, report));
    parent = image.parent;
  }
  return {};
}

Result<json> LocalImageService::remove(
    const std::string& reference, bool force, bool noprune,
    const std::function<std::optional<std::string>(const std::string&)>& used_by) {
  std::lock_guard lock(m_mutex);
  std::string id = TRY(resolve_id(reference));
  Image image = TRY(load(id));
  std::vector<std::string> refs = m_tags.refs_of(id);
  std::optional<std::string> user = used_by ? used_by(id) : std::nullopt;
  json report = json::array();
  auto ref = parse_reference(reference);
  bool by_name = ref && m_tags.lookup(ref->familiar_string()) == id;
  if (by_name) {
    std::vector<std::string> doomed = refs_untagged_with(ref->familiar_string(), refs);
    bool last = doomed.size() == refs.size();
    if (last && user && !force)
      return conflict("conflict: unable to remove repository reference \"" + reference +
                      "\" (must force) - container " + short_id(*user) +
                      " is using its referenced image " + short12(id));
    for (const auto& r : doomed) {
      TRY_VOID(m_tags.remove(r));
      report.push_back({{"Untagged", r}});
    }
    if (!last || user || has_children(id)) // a parent of other images stays, untagged
      return report;
  } else {
    if (has_children(id))
      return conflict("conflict: unable to delete " + short12(id) +
                      " (cannot be forced) - image has dependent child images");
    if (refs.size() > 1 && !force)
      return conflict("conflict: unable to delete " + short12(id) +
                      " (must be forced) - image is referenced in multiple repositories");
    if (user && !force)
      return conflict("conflict: unable to delete " + short12(id) +
                      " (must be forced) - image is being used by stopped container " +
                      short_id(*user));
    for (const auto& r : refs) {
      TRY_VOID(m_tags.remove(r));
      report.push_back({{"Untagged", r}});
    }
    if (user) // forced while a container still stacks on it: keep its layers, untagged
      return report;
  }
  TRY_VOID(delete_image(image, noprune, report));
  if (!noprune)
    TRY_VOID(delete_unused_parents(image.parent, report, used_by));
  return report;
}

Result<ContainerLayer> LocalImageService::container_layer(const std::string& container_id) {
  std::string dir = m_rw_root + "/" + container_id;
  std::string text = TRY(read_file(dir + "/lower.json"));
  auto lower = json::parse(text, nullptr, false);
  if (!lower.is_array())
    return internal_error("corrupt container layer of " + container_id);
  ContainerLayer layer{lower.get<std::vector<std::string>>(),
                       m_layers.root(),
                       {},
                       dir + "/diff",
                       dir + "/work",
                       dir + "/merged"};
  // <layers>/<chain hex>/diff -> its short link (made here for layers older than links).
  for (const auto& lower_dir : layer.lower_dirs) {
    std::string hex = fs::path(lower_dir).parent_path().filename().string();
    TRY_VOID(m_layers.ensure_link("sha256:" + hex));
    layer.lower_links.push_back(LayerStore::link_name("sha256:" + hex));
  }
  return layer;
}

Result<ContainerLayer> LocalImageService::create_container_layer(const std::string& container_id,
                                                                 const std::string& image_id) {
  Image image = TRY(load(image_id));
  std::vector<std::string> lower;
  auto chains = chain_ids(image.diff_ids);
  for (auto it = chains.rbegin(); it != chains.rend(); ++it)
    lower.push_back(m_layers.diff_dir(*it));
  // Built in a temp dir and renamed, so a half-made layer is never picked up.
  std::string dir = m_rw_root + "/" + container_id;
  std::string tmp = m_rw_root + "/tmp-" + random_hex_id(8);
  for (const char* sub : {"/diff", "/work", "/merged"})
    TRY_VOID(make_dirs(tmp + sub));
  TRY_VOID(write_file_atomic(tmp + "/lower.json", json(lower).dump()));
  if (::rename(tmp.c_str(), dir.c_str()) != 0) {
    (void)remove_tree(tmp);
    return sys_error("create container layer " + container_id);
  }
  return container_layer(container_id);
}

Result<void> LocalImageService::remove_container_layer(const std::string& container_id) {
  if (container_id.empty() || container_id.find('/') != std::string::npos)
    return invalid_argument("invalid container id");
  return remove_tree(m_rw_root + "/" + container_id);
}

} // namespace mydocker::layers
