// A container's attachment to one network (moby api/types/network/endpoint.go): asked for in
// the create body's NetworkingConfig, shown in inspect's NetworkSettings.Networks.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct EndpointIpamConfig {
  static constexpr const char* go_name = "network.EndpointIPAMConfig";
  std::string ipv4_address;
  std::string ipv6_address;
  std::vector<std::string> link_local_ips;
  template <class S, class V> static void fields(S& s, V& v) {
    v("IPv4Address", s.ipv4_address, Empty::Omit);
    v("IPv6Address", s.ipv6_address, Empty::Omit);
    v("LinkLocalIPs", s.link_local_ips, Empty::Omit);
  }
};

struct EndpointSettings {
  static constexpr const char* go_name = "network.EndpointSettings";
  std::optional<EndpointIpamConfig> ipam_config;
  std::vector<std::string> links;
  std::vector<std::string> aliases;
  std::map<std::string, std::string> driver_opts;
  std::string mac_address;
  int gw_priority = 0;
  std::string network_id;
  std::string endpoint_id;
  std::string gateway;
  std::string ip_address;
  int ip_prefix_len = 0;
  std::string ipv6_gateway;
  std::string global_ipv6_address;
  int global_ipv6_prefix_len = 0;
  std::vector<std::string> dns_names;

  template <class S, class V> static void fields(S& s, V& v) {
    v("IPAMConfig", s.ipam_config);
    v("Links", s.links);
    v("Aliases", s.aliases);
    v("DriverOpts", s.driver_opts);
    v("MacAddress", s.mac_address);
    v("GwPriority", s.gw_priority);
    v("NetworkID", s.network_id);
    v("EndpointID", s.endpoint_id);
    v("Gateway", s.gateway);
    v("IPAddress", s.ip_address);
    v("IPPrefixLen", s.ip_prefix_len);
    v("IPv6Gateway", s.ipv6_gateway);
    v("GlobalIPv6Address", s.global_ipv6_address);
    v("GlobalIPv6PrefixLen", s.global_ipv6_prefix_len);
    v("DNSNames", s.dns_names);
  }
};

struct NetworkingConfig {
  static constexpr const char* go_name = "network.NetworkingConfig";
  std::map<std::string, EndpointSettings> endpoints_config; // network name -> settings
  template <class S, class V> static void fields(S& s, V& v) {
    v("EndpointsConfig", s.endpoints_config, Empty::Value);
  }
};

} // namespace mydocker::api
