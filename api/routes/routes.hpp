// Every route group of the API; api/main.cpp calls these with the concrete services.
#pragma once

#include <functional>
#include <string>

#include "api/server/router.hpp"
#include "builder/build_service.hpp"
#include "engine/container_archive.hpp"
#include "engine/container_service.hpp"
#include "engine/exec_service.hpp"
#include "layers/image_service.hpp"
#include "network/network_service.hpp"
#include "volumes/volume_service.hpp"

namespace mydocker::api {

// Facts /info reports that belong to other services (0 until they exist).
struct SystemCounts {
  int containers = 0;
  int running = 0;
  int paused = 0;
  int stopped = 0;
  int images = 0;
};

struct SystemConfig {
  std::string data_root;
  std::string exec_root;
  std::string engine_id;
  std::string cgroup_parent;
  std::vector<std::string> insecure_registries;
  // The daemon's default log driver (daemon.json log-driver).
  std::string logging_driver = "json-file";
  std::function<SystemCounts()> counts; // called on the blocking pool
};

void add_system_routes(Router& router, SystemConfig config);

// Which container (if any) uses an image ID: the rmi 409s. Empty until containers exist.
using ImageUsage = std::function<std::optional<std::string>(const std::string& image_id)>;
void add_image_routes(Router& router, layers::ImageService& images, ImageUsage usage);

// commit, export, save, load, image prune (api/routes/archive_routes.cpp).
void add_archive_routes(Router& router, layers::ImageService& images,
                        engine::ContainerService& containers, ImageUsage usage);
// Registry: POST /images/{name}/push, POST /auth (pull is create_image's fromImage branch).
void add_image_registry_routes(Router& router, layers::ImageService& images);
// POST /images/create?fromImage=: the pull, streamed as JSON progress lines.
asio::awaitable<void> pull_image(layers::ImageService& images, Request& req, Responder& res);

void add_container_routes(Router& router, engine::ContainerService& containers);
// wait (long poll), logs (follow), attach (hijack).
void add_container_stream_routes(Router& router, engine::ContainerService& containers);
// stop and restart: the wait for the exit holds no pool thread (container_stop_routes.cpp).
void add_container_stop_routes(Router& router, engine::ContainerService& containers);

// docker exec: /containers/{id}/exec, /exec/{id}/start|json|resize (exec_routes.cpp).
void add_exec_routes(Router& router, engine::ExecService& execs);
// GET /containers/{id}/top (top_routes.cpp); `exec_root` holds the containers' state dirs.
void add_top_routes(Router& router, engine::ContainerService& containers, std::string exec_root);
// POST /build, /build/prune (api/routes/build_routes.cpp).
void add_build_routes(Router& router, builder::BuildService& builds);

// /volumes: create, list, inspect, remove, prune (api/routes/volume_routes.cpp).
void add_volume_routes(Router& router, volumes::VolumeService& volumes);

// /networks (api/routes/network_routes.cpp).
void add_network_routes(Router& router, network::NetworkService& networks,
                        engine::ContainerService& containers);
// GET /system/df (api/routes/system_df_route.cpp).
void add_system_df_route(Router& router, layers::ImageService& images,
                         engine::ContainerService& containers, volumes::VolumeService& volumes);
// docker cp: HEAD/GET/PUT /containers/{id}/archive (api/routes/container_archive_routes.cpp).
void add_container_archive_routes(Router& router, engine::ContainerArchive& archive);
// GET /containers/{id}/stats, POST /containers/{id}/update, GET /containers/{id}/changes.
void add_stats_routes(Router& router, engine::ContainerService& containers);
void add_update_routes(Router& router, engine::ContainerService& containers);

// GET /events: the daemon's event bus as JSON lines (api/routes/event_routes.cpp).
void add_event_routes(Router& router);

} // namespace mydocker::api
