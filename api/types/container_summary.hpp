// One entry of GET /containers/json (moby container.Summary).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/endpoint_settings.hpp"
#include "api/types/mount_spec.hpp"

namespace mydocker::api {

struct PortSummary {
  static constexpr const char* go_name = "container.Port";
  std::string ip; // "" when not published
  int private_port = 0;
  int public_port = 0;
  std::string type = "tcp";
  template <class S, class V> static void fields(S& s, V& v) {
    v("IP", s.ip, Empty::Omit);
    v("PrivatePort", s.private_port);
    v("PublicPort", s.public_port, Empty::Omit);
    v("Type", s.type);
  }
};

struct SummaryHostConfig {
  static constexpr const char* go_name = "container.SummaryHostConfig";
  std::string network_mode;
  template <class S, class V> static void fields(S& s, V& v) { v("NetworkMode", s.network_mode); }
};

struct SummaryNetworkSettings {
  static constexpr const char* go_name = "container.NetworkSettingsSummary";
  std::map<std::string, EndpointSettings> networks;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Networks", s.networks, Empty::Value);
  }
};

struct ContainerSummary {
  static constexpr const char* go_name = "container.Summary";
  std::string id;
  std::vector<std::string> names; // "/web"
  std::string image;              // as the client typed it
  std::string image_id;
  std::string command; // path + args, space-joined
  int64_t created = 0; // unix seconds
  std::vector<PortSummary> ports;
  std::map<std::string, std::string> labels;
  std::string state;
  std::string status; // "Up 3 seconds"
  SummaryHostConfig host_config;
  SummaryNetworkSettings network_settings;
  std::vector<MountPoint> mounts;
  std::optional<int64_t> size_rw, size_root_fs; // with ?size=1
  template <class S, class V> static void fields(S& s, V& v) {
    v("Id", s.id);
    v("Names", s.names, Empty::Value);
    v("Image", s.image);
    v("ImageID", s.image_id);
    v("Command", s.command);
    v("Created", s.created);
    v("Ports", s.ports, Empty::Value);
    v("Labels", s.labels, Empty::Value);
    v("State", s.state);
    v("Status", s.status);
    v("HostConfig", s.host_config);
    v("NetworkSettings", s.network_settings);
    v("Mounts", s.mounts, Empty::Value);
    v("SizeRw", s.size_rw, Empty::Omit);
    v("SizeRootFs", s.size_root_fs, Empty::Omit);
  }
};

} // namespace mydocker::api
