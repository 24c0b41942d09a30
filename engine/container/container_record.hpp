// One container as the engine keeps it: config.v2.json in <data-root>/containers/<id>/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/types/container_config.hpp"
#include "api/types/endpoint_settings.hpp"
#include "api/types/health_types.hpp"
#include "api/types/host_config.hpp"
#include "engine/container/container_mount.hpp"

namespace mydocker::engine {

enum class Status { Created, Running, Paused, Restarting, Removing, Exited, Dead };

std::string status_name(Status s);
Status status_from_name(const std::string& name);

struct ContainerState {
  Status status = Status::Created;
  int pid = 0;
  int shim_pid = 0;
  int exit_code = 0;
  bool oom_killed = false;
  std::string error;
  int64_t started_at = 0; // unix nanos, 0 = never
  int64_t finished_at = 0;
  // State.Health: kept across starts and daemon restarts, as dockerd's config.v2.json. While
  // the container runs, engine/health/health_monitor.cpp holds the current one.
  std::optional<api::Health> health;
};

struct ContainerRecord {
  std::string id;
  std::string name; // without the leading '/'
  int64_t created = 0;
  std::string image;    // as the client typed it
  std::string image_id; // sha256:...
  std::string path;
  std::vector<std::string> args;
  api::ContainerConfig config; // image defaults merged
  api::HostConfig host_config; // Docker's create-time defaults filled
  api::NetworkingConfig networking_config;
  ContainerState state;
  int restart_count = 0;
  std::string log_path;
  bool stopped_by_user = false;
  // Host ports published while the container runs (random ones resolved), for inspect and
  // for their removal at exit, also after a daemon restart.
  api::PortMap published_ports;
  std::vector<ContainerMount> mounts; // decided at create (engine/container/mount_requests)
};

nlohmann::json to_json(const ContainerRecord& r);
// Config and HostConfig go through the wire types (same keys as the API and as older
// records); a wrongly typed field there is logged and left at its zero value.
ContainerRecord record_from_json(const nlohmann::json& j);

} // namespace mydocker::engine
