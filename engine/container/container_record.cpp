#include "engine/container/container_record.hpp"

#include "api/types/container_codec.hpp"
#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"
#include "common/log.hpp"
#include "engine/container/mount_requests.hpp"

namespace mydocker::engine {

using nlohmann::json;

namespace {

const char* NAMES[] = {"created", "running", "paused", "restarting", "removing", "exited", "dead"};

template <class T>
void decode_wire(const json& record, const char* key, T& out, const std::string& id) {
  auto it = record.find(key);
  if (it == record.end())
    return;
  if (auto error = api::from_json(*it, out))
    log::error("container " + id + " record, " + key + ": " + *error);
}

json ports_json(const api::PortMap& ports) {
  json out = json::object();
  for (const auto& [port, bindings] : ports) {
    json list = json::array();
    for (const auto& b : bindings)
      list.push_back({{"HostIp", b.host_ip}, {"HostPort", b.host_port}});
    out[port] = list;
  }
  return out;
}

api::PortMap ports_from_json(const json& j) {
  api::PortMap out;
  for (const auto& [port, list] : j.items())
    for (const auto& b : list)
      if (b.is_object())
        out[port].push_back({b.value("HostIp", ""), b.value("HostPort", "")});
  return out;
}

// Records written before mounts were stored: their named-volume binds.
void read_mounts(const json& j, ContainerRecord& r) {
  if (j.contains("mounts") && j["mounts"].is_array()) {
    r.mounts = j["mounts"].get<std::vector<ContainerMount>>();
    return;
  }
  for (const auto& raw : r.host_config.binds)
    if (auto m = parse_bind(raw); m && m->type == "volume")
      r.mounts.push_back(*m);
}

// State.Health as the API shows it; records from before it was kept have none.
void read_health(const json& state, ContainerRecord& r) {
  auto it = state.find("health");
  if (it == state.end() || !it->is_object())
    return;
  api::Health health;
  if (auto error = api::decode_into(*it, health, "Health"))
    log::error("container " + r.id + " record, health: " + *error);
  else
    r.state.health = std::move(health);
}

} // namespace

std::string status_name(Status s) {
  return NAMES[static_cast<int>(s)];
}

Status status_from_name(const std::string& name) {
  for (int i = 0; i < 7; ++i)
    if (name == NAMES[i])
      return static_cast<Status>(i);
  return Status::Dead;
}

json to_json(const ContainerRecord& r) {
  const ContainerState& s = r.state;
  return {{"id", r.id},
          {"name", r.name},
          {"created", r.created},
          {"image", r.image},
          {"image_id", r.image_id},
          {"path", r.path},
          {"args", r.args},
          {"config", api::to_json(r.config)},
          {"host_config", api::to_json(r.host_config)},
          {"networking_config", api::to_json(r.networking_config)},
          {"restart_count", r.restart_count},
          {"log_path", r.log_path},
          {"stopped_by_user", r.stopped_by_user},
          {"published_ports", ports_json(r.published_ports)},
          {"mounts", r.mounts},
          {"state",
           {{"status", status_name(s.status)},
            {"pid", s.pid},
            {"shim_pid", s.shim_pid},
            {"exit_code", s.exit_code},
            {"oom_killed", s.oom_killed},
            {"error", s.error},
            {"started_at", s.started_at},
            {"finished_at", s.finished_at},
            {"health", s.health ? api::encode(*s.health) : json()}}}};
}

ContainerRecord record_from_json(const json& j) {
  ContainerRecord r;
  r.id = j.value("id", "");
  r.name = j.value("name", "");
  r.created = j.value("created", int64_t{0});
  r.image = j.value("image", "");
  r.image_id = j.value("image_id", "");
  r.path = j.value("path", "");
  r.args = j.value("args", std::vector<std::string>{});
  decode_wire(j, "config", r.config, r.id);
  decode_wire(j, "host_config", r.host_config, r.id);
  decode_wire(j, "networking_config", r.networking_config, r.id);
  r.restart_count = j.value("restart_count", 0);
  r.log_path = j.value("log_path", "");
  r.stopped_by_user = j.value("stopped_by_user", false);
  if (j.contains("published_ports") && j["published_ports"].is_object())
    r.published_ports = ports_from_json(j["published_ports"]);
  read_mounts(j, r);
  const json& s = j.contains("state") ? j["state"] : json::object();
  r.state.status = status_from_name(s.value("status", "created"));
  r.state.pid = s.value("pid", 0);
  r.state.shim_pid = s.value("shim_pid", 0);
  r.state.exit_code = s.value("exit_code", 0);
  r.state.oom_killed = s.value("oom_killed", false);
  r.state.error = s.value("error", "");
  r.state.started_at = s.value("started_at", int64_t{0});
  r.state.finished_at = s.value("finished_at", int64_t{0});
  read_health(s, r);
  return r;
}

} // namespace mydocker::engine
