// inspect and list in Docker's shapes (engine-api.md §6).
#include <algorithm>

#include "api/types/filters.hpp"
#include "common/directory_size.hpp"
#include "common/time_format.hpp"
#include "engine/container/json_defaults.hpp"
#include "engine/container/status_text.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

using nlohmann::json;

namespace {

json state_json(const ContainerState& s) {
  return {{"Status", status_name(s.status)},
          {"Running", is_running(s.status)},
          {"Paused", s.status == Status::Paused},
          {"Restarting", s.status == Status::Restarting},
          {"OOMKilled", s.oom_killed},
          {"Dead", s.status == Status::Dead},
          {"Pid", s.pid},
          {"ExitCode", s.exit_code},
          {"Error", s.error},
          {"StartedAt", format_rfc3339_nano(s.started_at)},
          {"FinishedAt", format_rfc3339_nano(s.finished_at)}};
}

json inspect_json(const ContainerRecord& r, const std::string& dir) {
  return {{"Id", r.id},
          {"Created", format_rfc3339_nano(r.created)},
          {"Path", r.path},
          {"Args", r.args},
          {"State", state_json(r.state)},
          {"Image", r.image_id},
          {"ResolvConfPath", dir + "/resolv.conf"},
          {"HostnamePath", dir + "/hostname"},
          {"HostsPath", dir + "/hosts"},
          {"LogPath", r.log_path},
          {"Name", "/" + r.name},
          {"RestartCount", r.restart_count},
          {"Driver", "overlay2"},
          {"Platform", "linux"},
          {"MountLabel", ""},
          {"ProcessLabel", ""},
          {"AppArmorProfile", ""},
          {"ExecIDs", nullptr},
          {"HostConfig", with_host_config_defaults(r.host_config)},
          {"GraphDriver", {{"Name", "overlay2"}, {"Data", nullptr}}},
          {"Mounts", json::array()},
          {"Config", with_config_defaults(r.config)},
          {"NetworkSettings",
           {{"Bridge", ""},
            {"SandboxID", ""},
            {"SandboxKey", ""},
            {"Ports", json::object()},
            {"HairpinMode", false},
            {"LinkLocalIPv6Address", ""},
            {"LinkLocalIPv6PrefixLen", 0},
            {"SecondaryIPAddresses", nullptr},
            {"SecondaryIPv6Addresses", nullptr},
            {"EndpointID", ""},
            {"Gateway", ""},
            {"GlobalIPv6Address", ""},
            {"GlobalIPv6PrefixLen", 0},
            {"IPAddress", ""},
            {"IPPrefixLen", 0},
            {"IPv6Gateway", ""},
            {"MacAddress", ""},
            {"Networks", json::object()}}}};
}

json list_item(const ContainerRecord& r, int64_t now) {
  return {{"Id", r.id},
          {"Names", {"/" + r.name}},
          {"Image", r.image},
          {"ImageID", r.image_id},
          {"Command", command_text(r.path, r.args)},
          {"Created", r.created / 1'000'000'000},
          {"Ports", json::array()},
          {"Labels", r.config.value("Labels", json::object())},
          {"State", status_name(r.state.status)},
          {"Status", status_text(r.state, now)},
          {"HostConfig", {{"NetworkMode", r.host_config.value("NetworkMode", "bridge")}}},
          {"NetworkSettings", {{"Networks", json::object()}}},
          {"Mounts", json::array()}};
}

bool label_matches(const ContainerRecord& r, const std::string& wanted) {
  size_t eq = wanted.find('=');
  json labels = r.config.value("Labels", json::object());
  std::string key = wanted.substr(0, eq);
  if (!labels.contains(key))
    return false;
  return eq == std::string::npos || labels[key] == wanted.substr(eq + 1);
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
  json out = inspect_json(record, container_dir(m_config, record.id));
  if (with_size) // outside the lock: it walks the container's upper directory
    add_sizes(out, record);
  return out;
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
    out.push_back(list_item(r, now));
    if (with_size)
      add_sizes(out.back(), r);
  }
  return out;
}

void ContainerService::add_sizes(json& item, const ContainerRecord& r) {
  auto layer = m_images.container_layer(r.id);
  int64_t rw = layer ? directory_size(layer->upper_dir) : 0;
  auto image = m_images.inspect(r.image_id);
  item["SizeRw"] = rw;
  item["SizeRootFs"] = rw + (image ? image->size : 0);
}

} // namespace mydocker::engine
