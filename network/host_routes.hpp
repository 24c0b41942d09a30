// What the host already uses of the IPv4 space: input to choose_free_pool() when a network
// (or the default bridge) needs a subnet that clashes with nothing.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "network/ipv4_cidr.hpp"
#include "network/netlink/link_message.hpp"
#include "network/netlink/rtnl_socket.hpp"

namespace mydocker::network {

struct HostRoute {
  Ipv4Cidr destination; // network of the route, or address/32 of a local address
  int oif = 0;          // the link it leaves through; lets the caller skip its own bridges
};

// The part of one dumped route that claims address space: main-table unicast routes other
// than the default route, and the host's own addresses (local table, type local) except
// loopback. Everything else (broadcast, multicast, other tables) claims nothing.
std::optional<HostRoute> claimed_by(const netlink::RouteInfo& route);

// Dumps the routes of the socket's namespace and keeps what claimed_by() keeps.
Result<std::vector<HostRoute>> list_host_routes(netlink::RtnlSocket& socket);
// Same in the caller's namespace.
Result<std::vector<HostRoute>> list_host_routes();

// The destinations, minus routes through `ignored_links` (e.g. our own bridges at restart).
std::vector<Ipv4Cidr> claimed_subnets(std::span<const HostRoute> routes,
                                      std::span<const int> ignored_links = {});

} // namespace mydocker::network
