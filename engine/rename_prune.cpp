// POST /containers/{id}/rename and POST /containers/prune.
#include <filesystem>

#include "api/types/filters.hpp"
#include "common/directory_size.hpp"
#include "common/time_format.hpp"
#include "engine/container/names.hpp"
#include "engine/container_events.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

using nlohmann::json;

Result<void> ContainerService::rename(const std::string& ref, const std::string& new_name) {
  if (ref.empty() || new_name.empty())
    return invalid_argument("Neither old nor new names may be empty");
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  if (r.name == (new_name[0] == '/' ? new_name.substr(1) : new_name))
    return invalid_argument("Renaming a container with the same name as its current name");
  TRY(check(*e, Verb::Rename, ref));
  std::string name = TRY(validate_name(new_name));
  std::string old_name = r.name;
  TRY_VOID(m_index.rename(r.id, old_name, name)); // entry, then index: the documented order
  r.name = name;
  auto saved = store(*e);
  if (!saved) {
    (void)m_index.rename(r.id, name, old_name);
    r.name = old_name;
    e->publish();
  } else {
    emit_container_event(r, "rename", {{"oldName", "/" + old_name}});
  }
  return saved;
}

namespace {

// label=k, label=k=v, label!=k, label!=k=v (Docker's prune label filters).
bool labels_match(const std::map<std::string, std::string>& labels,
                  const std::vector<std::string>& wanted, bool negate) {
  for (const auto& w : wanted) {
    size_t eq = w.find('=');
    auto it = labels.find(w.substr(0, eq));
    bool has = it != labels.end() && (eq == std::string::npos || it->second == w.substr(eq + 1));
    if (has == negate)
      return false;
  }
  return true;
}

} // namespace

Result<json> ContainerService::prune(const std::string& filters_text) {
  api::Filters filters = TRY(api::parse_filters(filters_text, {"until", "label", "label!"}));
  int64_t until = INT64_MAX;
  for (const auto& text : filters["until"]) {
    auto t = parse_timestamp_arg(text, now_unix_nanos());
    if (!t)
      return invalid_argument("failed to parse value as time or duration: \"" + text + "\"");
    until = std::min(until, *t);
  }
  std::vector<std::string> candidates;
  for (const auto& e : m_index.all()) { // published copies: prune never waits for a verb
    auto r = e->view();
    Status s = r->state.status;
    if (s != Status::Created && s != Status::Exited && s != Status::Dead)
      continue;
    const auto& labels = r->config.labels;
    if (r->created < until && labels_match(labels, filters["label"], false) &&
        labels_match(labels, filters["label!"], true))
      candidates.push_back(r->id);
  }
  json deleted = nullptr;
  int64_t reclaimed = 0;
  for (const auto& id : candidates) {
    auto layer = m_images.container_layer(id);
    int64_t size = layer ? directory_size(layer->upper_dir) : 0;
    if (!remove(id, false))
      continue; // started or removed meanwhile
    deleted.push_back(id);
    reclaimed += size;
  }
  return json{{"ContainersDeleted", deleted}, {"SpaceReclaimed", reclaimed}};
}

} // namespace mydocker::engine
