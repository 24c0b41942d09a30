// NetworkService: the daemon's networks (the predefined bridge/host/none and user-defined
// bridge networks), their address management and the endpoints of running containers.
// Synchronous and Asio-free (design.md §4); thread-safe behind one mutex, which is never
// held across netlink or nftables work. Records live in <data-root>/network/<id>.json.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/types/network_types.hpp"
#include "common/result.hpp"
#include "network/dns_server.hpp"
#include "network/ipam.hpp"
#include "network/nat_plan.hpp"

namespace mydocker::network {

struct NetworkServiceConfig {
  std::string data_root;
  std::string default_bridge; // link name of the predefined "bridge" network; "" = none
  std::string bridge_cidr;    // its gateway/prefix ("172.17.0.1/16")
  std::string nat_table = std::string(nft_table_name);
};

// One container's attachment to one network, as inspect shows it.
struct EndpointInfo {
  std::string network_id;
  std::string network_name;
  std::string endpoint_id;
  std::string mac;                 // "02:42:ac:11:00:02"
  std::optional<Ipv4Cidr> address; // none on host/none networks
  std::string gateway;
  std::vector<std::string> aliases;
  std::string container_name;
  std::vector<std::string> links; // --link "target:alias" on a user network: names it resolves
};

struct EndpointRequest {
  std::string container_id;
  std::string container_name;
  std::string network;              // name, ID or ID prefix
  std::string fixed_ip;             // --ip; "" = next free
  std::vector<std::string> aliases; // --network-alias
  int netns_fd = -1;                // the container's namespace
  std::string interface = "eth0";   // eth1... for further networks
  bool default_route = true;        // only the first network's gateway is the default route
  std::vector<std::string> links;   // --link "target[:alias]" (EndpointInfo::links)
};

class NetworkService {
public:
  static Result<std::unique_ptr<NetworkService>> open(NetworkServiceConfig config);

  std::vector<api::NetworkInspect> list() const;
  Result<api::NetworkInspect> inspect(const std::string& ref) const;
  // The network's driver ("bridge", "host", "null") by name or ID.
  Result<std::string> driver_of(const std::string& ref) const;

  // User-defined bridge networks (network/network_create.cpp): Docker's checks and texts.
  Result<api::NetworkInspect> create(const api::NetworkCreateBody& body);
  Result<void> remove(const std::string& ref);
  std::vector<std::string> prune(); // names of the user networks without endpoints, removed

  // Allocates an address and wires a veth pair into req.netns_fd; all or nothing.
  Result<EndpointInfo> connect(const EndpointRequest& req);
  // Releases the address; the veth goes with the namespace (or is deleted here when asked).
  void disconnect(const std::string& network_id, const std::string& container_id,
                  bool delete_veth = false);
  // After a daemon restart: a running container's endpoint, taken over as it is.
  void restore(const std::string& container_id, const EndpointInfo& endpoint);

  // nftables: (re)creates this daemon's table for every bridge network (daemon start).
  Result<void> install_nat();
  // Clean shutdown: drops the table unless containers still run.
  void shutdown(bool containers_running);

  // Published ports of one container: DNAT map elements (all or none).
  Result<void> publish(const std::vector<PublishedPort>& ports);
  void unpublish(const std::vector<PublishedPort>& ports);

  // Embedded DNS (127.0.0.11) for containers on user networks (network/network_dns.cpp).
  bool wants_dns(const std::string& network_ref) const;
  // dns_servers: the container's --dns, where names it does not know go ({}: the host's).
  Result<void> serve_dns(const std::string& container_id, int netns_fd,
                         const std::vector<std::string>& dns_servers = {});
  void stop_dns(const std::string& container_id);
  ~NetworkService();

private:
  struct Network {
    api::NetworkInspect info;
    std::optional<SubnetAllocator> ipam;           // bridge networks only
    std::map<std::string, EndpointInfo> endpoints; // by container ID
  };
  explicit NetworkService(NetworkServiceConfig config) : m_config(std::move(config)) {}
  Result<void> load();
  Result<void> ensure_user_bridges();
  Result<Ipv4Cidr> free_subnet_locked() const;
  std::optional<std::vector<std::array<std::uint8_t, 4>>> resolve(const std::string& container_id,
                                                                  const std::string& name) const;
  std::vector<DnsUpstream> upstreams_of(const std::string& container_id) const;
  Result<void> ensure_predefined();
  Result<void> save(const api::NetworkInspect& info);
  Network* find_locked(const std::string& ref);
  const Network* find_locked(const std::string& ref) const;
  api::NetworkInspect view(const Network& n) const;
  NatRules nat_rules_locked() const;
  std::string dir() const { return m_config.data_root + "/network"; }

  NetworkServiceConfig m_config;
  mutable std::mutex m_mutex;
  std::map<std::string, Network> m_networks; // by ID
  std::vector<PublishedPort> m_ports;        // kept so a table rebuild keeps them
  std::map<std::string, std::vector<DnsUpstream>> m_dns_servers; // --dns by container ID
  std::vector<DnsUpstream> m_host_upstreams;                     // read when the resolver starts
  std::mutex m_dns_start;
  std::unique_ptr<DnsServer> m_dns; // started on first use; destroyed first (its thread ends)
};

// The bridge link of a bridge network record (Options com.docker.network.bridge.name).
std::string bridge_of(const api::NetworkInspect& info);
inline constexpr const char* bridge_name_option = "com.docker.network.bridge.name";

} // namespace mydocker::network
