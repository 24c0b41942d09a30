// GET /containers/{id}/json (moby daemon/inspect.go): every key present, zero values as Docker's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/container_config.hpp"
#include "api/types/endpoint_settings.hpp"
#include "api/types/health_types.hpp"
#include "api/types/host_config.hpp"
#include "api/types/mount_spec.hpp"

namespace mydocker::api {

struct ContainerStateView {
  static constexpr const char* go_name = "container.State";
  std::string status; // created, running, paused, restarting, removing, exited, dead
  bool running = false;
  bool paused = false;
  bool restarting = false;
  bool oom_killed = false;
  bool dead = false;
  int pid = 0;
  int exit_code = 0;
  std::string error;
  std::string started_at; // RFC 3339; never = 0001-01-01T00:00:00Z
  std::string finished_at;
  std::optional<Health> health; // absent without a healthcheck
  template <class S, class V> static void fields(S& s, V& v) {
    v("Status", s.status);
    v("Running", s.running);
    v("Paused", s.paused);
    v("Restarting", s.restarting);
    v("OOMKilled", s.oom_killed);
    v("Dead", s.dead);
    v("Pid", s.pid);
    v("ExitCode", s.exit_code);
    v("Error", s.error);
    v("StartedAt", s.started_at);
    v("FinishedAt", s.finished_at);
    v("Health", s.health, Empty::Omit);
  }
};

struct GraphDriverData {
  static constexpr const char* go_name = "storage.DriverData";
  std::string name = "overlay2";
  std::map<std::string, std::string> data; // LowerDir, MergedDir, UpperDir, WorkDir
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("Data", s.data);
  }
};

// inspect's Ports: an exposed port that is not published maps to null (Go's nil slice).
using InspectPortMap = std::map<std::string, std::optional<std::vector<PortBinding>>>;

struct NetworkSettings {
  static constexpr const char* go_name = "container.NetworkSettings";
  std::string bridge;
  std::string sandbox_id;
  std::string sandbox_key;
  InspectPortMap ports;
  // Deprecated top-level copies of the default bridge endpoint, still sent by dockerd.
  bool hairpin_mode = false;
  std::string link_local_ipv6_address;
  int link_local_ipv6_prefix_len = 0;
  std::vector<std::string> secondary_ip_addresses;
  std::vector<std::string> secondary_ipv6_addresses;
  EndpointSettings bridge_endpoint; // EndpointID, Gateway, IPAddress... at the top level
  std::map<std::string, EndpointSettings> networks;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Bridge", s.bridge);
    v("SandboxID", s.sandbox_id);
    v("SandboxKey", s.sandbox_key);
    v("Ports", s.ports, Empty::Value);
    v("HairpinMode", s.hairpin_mode);
    v("LinkLocalIPv6Address", s.link_local_ipv6_address);
    v("LinkLocalIPv6PrefixLen", s.link_local_ipv6_prefix_len);
    v("SecondaryIPAddresses", s.secondary_ip_addresses);
    v("SecondaryIPv6Addresses", s.secondary_ipv6_addresses);
    v("EndpointID", s.bridge_endpoint.endpoint_id);
    v("Gateway", s.bridge_endpoint.gateway);
    v("GlobalIPv6Address", s.bridge_endpoint.global_ipv6_address);
    v("GlobalIPv6PrefixLen", s.bridge_endpoint.global_ipv6_prefix_len);
    v("IPAddress", s.bridge_endpoint.ip_address);
    v("IPPrefixLen", s.bridge_endpoint.ip_prefix_len);
    v("IPv6Gateway", s.bridge_endpoint.ipv6_gateway);
    v("MacAddress", s.bridge_endpoint.mac_address);
    v("Networks", s.networks, Empty::Value);
  }
};

struct ContainerInspect {
  static constexpr const char* go_name = "container.InspectResponse";
  std::string id;
  std::string created;
  std::string path;
  std::vector<std::string> args;
  ContainerStateView state;
  std::string image; // sha256:<hex>
  std::string resolv_conf_path, hostname_path, hosts_path, log_path;
  std::string name; // "/web"
  int restart_count = 0;
  std::string driver = "overlay2";
  std::string platform = "linux";
  std::string mount_label, process_label, app_armor_profile;
  std::vector<std::string> exec_ids;
  HostConfig host_config;
  GraphDriverData graph_driver;
  std::optional<int64_t> size_rw, size_root_fs; // with ?size=1
  std::vector<MountPoint> mounts;
  ContainerConfig config;
  NetworkSettings network_settings;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Id", s.id);
    v("Created", s.created);
    v("Path", s.path);
    v("Args", s.args, Empty::Value);
    v("State", s.state);
    v("Image", s.image);
    v("ResolvConfPath", s.resolv_conf_path);
    v("HostnamePath", s.hostname_path);
    v("HostsPath", s.hosts_path);
    v("LogPath", s.log_path);
    v("Name", s.name);
    v("RestartCount", s.restart_count);
    v("Driver", s.driver);
    v("Platform", s.platform);
    v("MountLabel", s.mount_label);
    v("ProcessLabel", s.process_label);
    v("AppArmorProfile", s.app_armor_profile);
    v("ExecIDs", s.exec_ids);
    v("HostConfig", s.host_config);
    v("GraphDriver", s.graph_driver);
    v("SizeRw", s.size_rw, Empty::Omit);
    v("SizeRootFs", s.size_root_fs, Empty::Omit);
    v("Mounts", s.mounts, Empty::Value);
    v("Config", s.config);
    v("NetworkSettings", s.network_settings);
  }
};

} // namespace mydocker::api
