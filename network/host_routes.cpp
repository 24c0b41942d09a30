#include "network/host_routes.hpp"

#include <linux/rtnetlink.h>

#include <algorithm>

#include "network/netlink/rtnl_socket.hpp"

namespace mydocker::network {

std::optional<HostRoute> claimed_by(const netlink::RouteInfo& route) {
  Ipv4Cidr destination{route.destination, route.prefix};
  bool main_unicast = route.table == RT_TABLE_MAIN && route.type == RTN_UNICAST;
  bool own_address =
      route.table == RT_TABLE_LOCAL && route.type == RTN_LOCAL && route.destination[0] != 127;
  if ((main_unicast && route.prefix > 0) || own_address)
    return HostRoute{destination.masked(), route.oif};
  return std::nullopt;
}

Result<std::vector<HostRoute>> list_host_routes(netlink::RtnlSocket& nl) {
  auto messages = TRY(nl.dump(netlink::build_dump_routes(nl.next_seq()), "dump routes"));
  std::vector<HostRoute> out;
  for (const auto& message : messages) {
    auto route = netlink::parse_route(message);
    if (!route)
      continue; // not an IPv4 route entry: nothing to claim
    if (auto claimed = claimed_by(*route))
      out.push_back(*claimed);
  }
  return out;
}

Result<std::vector<HostRoute>> list_host_routes() {
  auto nl = TRY(netlink::RtnlSocket::open());
  return list_host_routes(nl);
}

std::vector<Ipv4Cidr> claimed_subnets(std::span<const HostRoute> routes,
                                      std::span<const int> ignored_links) {
  std::vector<Ipv4Cidr> out;
  for (const auto& route : routes) {
    if (std::find(ignored_links.begin(), ignored_links.end(), route.oif) == ignored_links.end())
      out.push_back(route.destination);
  }
  return out;
}

} // namespace mydocker::network
