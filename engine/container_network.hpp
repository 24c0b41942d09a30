// The seam between containers and networks (issue 11): what a start wires (a network
// namespace made by the daemon, endpoints, published ports, /etc/hosts), what an exit or a
// failed start gives back, and what a daemon restart takes over. Called from start, exit,
// remove and load; never under an entry's mutex (netlink and nft are blocking work).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/types/container_inspect.hpp"
#include "common/fd.hpp"
#include "common/result.hpp"
#include "engine/container/container_record.hpp"
#include "engine/runtime/spec.hpp"
#include "network/nat_plan.hpp"
#include "network/network_service.hpp"

namespace mydocker::engine {

// What one start holds until the container has joined its namespace.
struct NetworkSandbox {
  Fd netns; // closed after the start: the container keeps the namespace alive
  std::vector<network::EndpointInfo> endpoints;
  api::PortMap published;
  std::vector<network::PublishedPort> nat_ports;
};

// A running container whose namespace another one joins (--network container:NAME).
struct PeerSandbox {
  int pid = 0;
  std::string dir; // its /etc/hosts and /etc/resolv.conf are shared, as in Docker
};
using RunningPid = std::function<Result<PeerSandbox>(const std::string& ref)>;

// Chooses the namespace (new + endpoints, host, none, another container's), sets
// spec.join_namespaces["net"], wires endpoints and ports, writes <dir>/hosts.
Result<NetworkSandbox> prepare_network(network::NetworkService& networks, const ContainerRecord& r,
                                       const std::string& dir, runtime::Spec& spec,
                                       const RunningPid& running_pid);
// A start that failed after prepare_network: everything given back.
void release_network(network::NetworkService& networks, const std::string& id,
                     NetworkSandbox& sandbox);
// After a successful start: endpoints and ports into the record (inspect, later release).
void record_network(ContainerRecord& r, const NetworkSandbox& sandbox);
// One endpoint's runtime fields into r's NetworkSettings.Networks[network].
void record_endpoint(ContainerRecord& r, const network::EndpointInfo& ep);
// Docker's resolv.conf for containers on user networks: the embedded resolver first.
std::string embedded_dns_resolv_conf(const std::string& resolv_conf);

// The container's process ended: addresses and ports given back, runtime fields cleared.
void detach_network(network::NetworkService& networks, ContainerRecord& r);
// The runtime fields (addresses, endpoint IDs, ports) of a container that does not run.
void clear_network_runtime(ContainerRecord& r);
// Daemon start: a running container's endpoints and ports taken over as they are.
void restore_network(network::NetworkService& networks, const ContainerRecord& r);

// inspect's NetworkSettings: the endpoints, Ports, and the default bridge's top-level copies.
api::NetworkSettings network_settings_view(const ContainerRecord& r);

// NetworkMode "container:NAME" -> "NAME"; "" for other modes.
std::string container_network_peer(const std::string& network_mode);

} // namespace mydocker::engine
