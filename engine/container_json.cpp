// inspect and list in Docker's shapes (engine-api.md §6).
#include <algorithm>

#include "api/types/container_codec.hpp"
#include "api/types/filters.hpp"
#include "common/directory_size.hpp"
#include "common/time_format.hpp"
#include "engine/container/status_text.hpp"
#include "engine/container_network.hpp"
#include "engine/container_service.hpp"
#include "engine/health/health_filter.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

using nlohmann::json;

namespace {

api::ContainerStateView state_view(const ContainerState& s) {
  api::ContainerStateView v;
  v.status = status_name(s.status);
  v.running = is_running(s.status);
  v.paused = s.status == Status::Paused;
  v.restarting = s.status == Status::Restarting;
  v.oom_killed = s.oom_killed;
  v.dead = s.status == Status::Dead;
  v.pid = s.pid;
  v.exit_code = s.exit_code;
  v.error = s.error;
  v.started_at = format_rfc3339_nano(s.started_at);
  v.finished_at = format_rfc3339_nano(s.finished_at);
  return v;
}

api::ContainerInspect inspect_view(const ContainerRecord& r, const std::string& dir) {
  api::ContainerInspect i;
  i.id = r.id;
  i.created = format_rfc3339_nano(r.created);
  i.path = r.path;
  i.args = r.args;
  i.state = state_view(r.state);
  i.image = r.image_id;
  i.resolv_conf_path = dir + "/resolv.conf";
  i.hostname_path = dir + "/hostname";
  i.hosts_path = dir + "/hosts";
  i.log_path = r.log_path;
  i.name = "/" + r.name;
  i.restart_count = r.restart_count;
  i.host_config = r.host_config;
  i.config = r.config;
  i.network_settings = network_settings_view(r);
  return i;
}

api::ContainerSummary list_item(const ContainerRecord& r, int64_t now) {
  api::ContainerSummary item;
  item.id = r.id;
  item.names = {"/" + r.name};
  item.image = r.image;
  item.image_id = r.image_id;
  item.command = command_text(r.path, r.args);
  item.created = r.created / 1'000'000'000;
  item.labels = r.config.labels;
  item.state = status_name(r.state.status);
  item.status = status_text(r.state, now);
  item.host_config.network_mode = r.host_config.network_mode;
  return item;
}

bool label_matches(const ContainerRecord& r, const std::string& wanted) {
  size_t eq = wanted.find('=');
  auto it = r.config.labels.find(wanted.substr(0, eq));
  if (it == r.config.labels.end())
    return false;
  return eq == std::string::npos || it->second == wanted.substr(eq + 1);
}

// before=/since= name containers; the list keeps those created strictly between them.
struct CreatedWindow {
  int64_t after = INT64_MIN;
  int64_t before = INT64_MAX;
  bool contains(int64_t created) const { return created > after && created < before; }
};

template <class CreatedOf>
Result<CreatedWindow> created_window(const api::Filters& f, CreatedOf created_of) {
  CreatedWindow w;
  if (auto it = f.find("before"); it != f.end())
    for (const auto& ref : it->second)
      w.before = std::min(w.before, TRY(created_of(ref)));
  if (auto it = f.find("since"); it != f.end())
    for (const auto& ref : it->second)
      w.after = std::max(w.after, TRY(created_of(ref)));
  return w;
}

bool matches(const ContainerRecord& r, const api::Filters& f) {
  auto any = [&](const char* key, auto pred) {
    auto it = f.find(key);
    return it == f.end() || it->second.empty() ||
           std::any_of(it->second.begin(), it->second.end(), pred);
  };
  return any("id", [&](const std::string& v) { return r.id.rfind(v, 0) == 0; }) &&
         any("name",
             [&](const std::string& v) {
               return r.name.find(v[0] == '/' ? v.substr(1) : v) != std::string::npos;
             }) &&
         any("status", [&](const std::string& v) { return status_name(r.state.status) == v; }) &&
         any("ancestor",
             [&](const std::string& v) {
               return r.image == v || r.image_id == v || r.image_id.find(v) == 7;
             }) &&
         any("exited",
             [&](const std::string& v) {
               return r.state.status == Status::Exited && std::to_string(r.state.exit_code) == v;
             }) &&
         (!f.count("label") ||
          std::all_of(f.at("label").begin(), f.at("label").end(),
                      [&](const std::string& v) { return label_matches(r, v); }));
}

} // namespace

Result<json> ContainerService::inspect(const std::string& ref, bool with_size) {
  ContainerRecord record = *TRY(m_index.find(ref))->view(); // never waits for a verb
  api::ContainerInspect out = inspect_view(record, container_dir(m_config, record.id));
  out.mounts = mount_points_of(record.mounts, m_config.data_root);
  if (m_exec_ids)
    out.exec_ids = m_exec_ids(record.id);
  out.state.health = health_of(record);
  if (with_size) // outside the lock: it walks the container's upper directory
    add_sizes(out.size_rw, out.size_root_fs, record);
  return api::to_json(out);
}

Result<json> ContainerService::list(bool all, const std::string& filters_text, int limit,
                                    bool with_size) {
  api::Filters filters = TRY(api::parse_filters(
      filters_text, {"id", "name", "label", "status", "ancestor", "exited", "before", "since",
                     "network", "volume", "health", "publish", "expose", "isolation", "is-task"}));
  auto statuses = filters.count("status") ? filters["status"] : std::vector<std::string>{};
  for (const auto& s : statuses)
    if (s != "created" && s != "restarting" && s != "running" && s != "removing" && s != "paused" &&
        s != "exited" && s != "dead")
      return invalid_argument("invalid filter 'status=" + s + "'");
  TRY_VOID(validate_health_filter(filters));
  if (filters.count("status") || filters.count("exited"))
    all = true;
  std::vector<ContainerRecord> records;
  CreatedWindow window;
  window = TRY(created_window(filters, [this](const std::string& ref) -> Result<int64_t> {
    return TRY(m_index.find(ref))->view()->created;
  }));
  for (const auto& e : m_index.all()) // published copies: ps never waits for a verb
    records.push_back(*e->view());
  std::sort(records.begin(), records.end(), [](auto& a, auto& b) { return a.created > b.created; });
  json out = json::array();
  int64_t now = now_unix_nanos();
  for (const auto& r : records) {
    if ((!all && limit <= 0 && !is_running(r.state.status)) || !matches(r, filters) ||
        !window.contains(r.created))
      continue;
    if (limit > 0 && static_cast<int>(out.size()) >= limit)
      break;
    auto health = health_of(r);
    if (!health_matches(health, filters))
      continue;
    api::ContainerSummary item = list_item(r, now);
    add_health_status(item.status, r.state.status, health);
    item.mounts = mount_points_of(r.mounts, m_config.data_root);
    if (with_size)
      add_sizes(item.size_rw, item.size_root_fs, r);
    out.push_back(api::to_json(item));
  }
  return out;
}

std::vector<ContainerRecord> ContainerService::running_records() {
  std::vector<ContainerRecord> out;
  for (const auto& e : m_index.all())
    if (auto r = e->view(); has_process(r->state.status))
      out.push_back(*r);
  return out;
}

void ContainerService::add_sizes(std::optional<int64_t>& size_rw,
                                 std::optional<int64_t>& size_root_fs, const ContainerRecord& r) {
  auto layer = m_images.container_layer(r.id);
  int64_t rw = layer ? directory_size(layer->upper_dir) : 0;
  auto image = m_images.inspect(r.image_id);
  size_rw = rw;
  size_root_fs = rw + (image ? image->size : 0);
}

} // namespace mydocker::engine
