// rtnetlink builders for container endpoints: veth pairs, moving and configuring links,
// routes (design.md §5.4: pure, tested on bytes). The socket layer sends them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "network/netlink/rtnl_message.hpp"

namespace mydocker::network::netlink {

using MacAddress = std::array<std::uint8_t, 6>;
using Ipv4Bytes = std::array<std::uint8_t, 4>;

// RTM_NEWLINK creating veth `name` with peer `peer_name`. The peer is born in the namespace
// open as `peer_netns_fd` (-1: the socket's own). Creating it there costs about a millisecond;
// moving it afterwards (build_move_to_netns) costs 15-30 ms of RCU waits in the kernel.
Message build_new_veth(std::uint32_t seq, const std::string& name, const std::string& peer_name,
                       int peer_netns_fd = -1);
// The same pair wired in the one request (issue 11: each round trip to the kernel takes the
// RTNL lock again): the host end joins bridge `master` (0: none) and is set up with `up`, the
// peer gets `peer_mac`. The peer stays down: the kernel cannot open it before the pair is
// joined (ENOTCONN), so the caller sets it up.
struct VethPair {
  std::string name;
  std::string peer_name;
  int peer_netns_fd = -1;
  int master = 0;
  std::optional<MacAddress> peer_mac;
  bool up = false;
};
Message build_new_veth(std::uint32_t seq, const VethPair& pair);
// RTM_NEWLINK moving link `ifindex` into the namespace open as `netns_fd`, renamed to
// `new_name` on arrival (empty: keeps its name).
Message build_move_to_netns(std::uint32_t seq, int ifindex, int netns_fd,
                            const std::string& new_name);
// RTM_NEWLINK renaming a (down) link.
Message build_rename_link(std::uint32_t seq, int ifindex, const std::string& new_name);
// RTM_NEWLINK setting the link's hardware address.
Message build_set_mac(std::uint32_t seq, int ifindex, const MacAddress& mac);
// RTM_NEWLINK enslaving the link to bridge `master_ifindex` (0 releases it).
Message build_set_master(std::uint32_t seq, int ifindex, int master_ifindex);
// RTM_GETLINK / RTM_DELLINK by index.
Message build_get_link_by_index(std::uint32_t seq, int ifindex);
Message build_delete_link_by_index(std::uint32_t seq, int ifindex);
// RTM_NEWROUTE: default route in the main table via `gateway` out of `oif_ifindex`.
Message build_new_default_route(std::uint32_t seq, const Ipv4Bytes& gateway, int oif_ifindex);
// RTM_GETROUTE asking the kernel which route it would use for `destination`.
Message build_route_lookup(std::uint32_t seq, const Ipv4Bytes& destination);
// RTM_GETROUTE dump of every IPv4 route (all tables).
Message build_dump_routes(std::uint32_t seq);

struct RouteInfo {
  Ipv4Bytes destination{}; // RTA_DST; zero for a default route
  int prefix = 0;          // rtm_dst_len
  Ipv4Bytes gateway{};     // RTA_GATEWAY; zero when on-link
  Ipv4Bytes source{};      // RTA_PREFSRC
  int oif = 0;             // RTA_OIF
  int table = 0;           // RTA_TABLE, else rtm_table
  int type = 0;            // rtm_type (RTN_UNICAST, RTN_LOCAL, ...)
};

// Parses one RTM_NEWROUTE message (lookup answer or dump entry).
Result<RouteInfo> parse_route(std::span<const std::uint8_t> message);

} // namespace mydocker::network::netlink
