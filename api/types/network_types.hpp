// Networks (moby api/types/network): the create body and the inspect answer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct IpamPool {
  static constexpr const char* go_name = "network.IPAMConfig";
  std::string subnet, ip_range, gateway;
  std::map<std::string, std::string> auxiliary_addresses;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Subnet", s.subnet, Empty::Omit);
    v("IPRange", s.ip_range, Empty::Omit);
    v("Gateway", s.gateway, Empty::Omit);
    v("AuxiliaryAddresses", s.auxiliary_addresses, Empty::Omit);
  }
};

struct Ipam {
  static constexpr const char* go_name = "network.IPAM";
  std::string driver = "default";
  std::map<std::string, std::string> options;
  std::vector<IpamPool> config;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Driver", s.driver);
    v("Options", s.options, Empty::Value);
    v("Config", s.config, Empty::Value);
  }
};

struct ConfigReference {
  static constexpr const char* go_name = "network.ConfigReference";
  std::string network;
  template <class S, class V> static void fields(S& s, V& v) { v("Network", s.network); }
};

// The network fields shared by the create body and the inspect answer.
struct NetworkCommon {
  std::string driver = "bridge";
  std::string scope = "local";
  std::optional<bool> enable_ipv4;
  bool enable_ipv6 = false;
  std::optional<Ipam> ipam;
  bool internal = false, attachable = false, ingress = false, config_only = false;
  ConfigReference config_from;
  std::map<std::string, std::string> options, labels;
  template <class S, class V> static void common_fields(S& s, V& v) {
    v("Driver", s.driver);
    v("Scope", s.scope);
    v("EnableIPv4", s.enable_ipv4, Empty::Omit);
    v("EnableIPv6", s.enable_ipv6);
    v("IPAM", s.ipam);
    v("Internal", s.internal);
    v("Attachable", s.attachable);
    v("Ingress", s.ingress);
    v("ConfigOnly", s.config_only);
    v("ConfigFrom", s.config_from);
    v("Options", s.options, Empty::Value);
    v("Labels", s.labels, Empty::Value);
  }
};

struct NetworkCreateBody : NetworkCommon {
  static constexpr const char* go_name = "network.CreateRequest";
  std::string name;
  bool check_duplicate = false; // deprecated, always on
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("CheckDuplicate", s.check_duplicate, Empty::Omit);
    common_fields(s, v);
  }
};

struct NetworkEndpoint {
  static constexpr const char* go_name = "network.EndpointResource";
  std::string name, endpoint_id, mac_address, ipv4_address, ipv6_address;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("EndpointID", s.endpoint_id);
    v("MacAddress", s.mac_address);
    v("IPv4Address", s.ipv4_address);
    v("IPv6Address", s.ipv6_address);
  }
};

struct NetworkInspect : NetworkCommon {
  static constexpr const char* go_name = "network.Inspect";
  std::string name, id, created;                     // created: RFC 3339, never ""
  std::map<std::string, NetworkEndpoint> containers; // container ID -> endpoint
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("Id", s.id);
    v("Created", s.created);
    common_fields(s, v);
    v("Containers", s.containers, Empty::Value);
  }
};

} // namespace mydocker::api
