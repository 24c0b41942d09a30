// rmi of LocalImageService: untag, delete, prune unused layers and parents.
#include <unistd.h>

#include <set>

#include "common/atomic_file.hpp"
#include "common/event_bus.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

using nlohmann::json;

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
  events::publish_image("delete", image.id, image.id);
  if (m_deletion_hook)
    m_deletion_hook(image.id);
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

// A record written by an older version or by hand that no longer decodes: its tags and
// config go (its layers stay for the next prune, as nothing says which are its own).
Result<json> LocalImageService::remove_unreadable(const std::string& id, const Error& why) {
  log::warn("removing unreadable image " + id + ": " + why.message);
  json report = json::array();
  for (const auto& r : m_tags.refs_of(id)) {
    TRY_VOID(m_tags.remove(r));
    report.push_back({{"Untagged", r}});
    events::publish_image("untag", id, id);
  }
  TRY_VOID(m_configs.remove(id));
  ::unlink(parent_path(id).c_str());
  report.push_back({{"Deleted", id}});
  if (m_deletion_hook)
    m_deletion_hook(id);
  return report;
}

Result<json> LocalImageService::remove(
    const std::string& reference, bool force, bool noprune,
    const std::function<std::optional<std::string>(const std::string&)>& used_by) {
  std::lock_guard lock(m_mutex);
  std::string id = TRY(resolve_id(reference));
  auto loaded = load(id);
  if (!loaded && m_configs.exists(id))
    return remove_unreadable(id, loaded.error());
  Image image = TRY(std::move(loaded));
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
      events::publish_image("untag", id, id);
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
      events::publish_image("untag", id, id);
    }
    if (user) // forced while a container still stacks on it: keep its layers, untagged
      return report;
  }
  TRY_VOID(delete_image(image, noprune, report));
  if (!noprune)
    TRY_VOID(delete_unused_parents(image.parent, report, used_by));
  return report;
}

} // namespace mydocker::layers
