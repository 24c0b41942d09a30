// Pure rtnetlink message builders and parsers (design.md §5.4: tested on bytes).
// Builders return the complete message; the socket layer only sends and receives.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "network/ipv4_cidr.hpp"

namespace mydocker::network::netlink {

using Message = std::vector<std::uint8_t>;

// RTM_GETLINK for one interface by name (answered by RTM_NEWLINK or an error).
Message build_get_link(std::uint32_t seq, const std::string& name);
// RTM_NEWLINK creating a bridge; fails with EEXIST if the name is taken.
Message build_new_bridge(std::uint32_t seq, const std::string& name);
// RTM_NEWLINK setting IFF_UP on an existing interface.
Message build_set_link_up(std::uint32_t seq, int ifindex);
// RTM_NEWADDR adding (or replacing) an IPv4 address with its broadcast.
Message build_new_address(std::uint32_t seq, int ifindex, const Ipv4Cidr& cidr);
// RTM_DELLINK by name.
Message build_delete_link(std::uint32_t seq, const std::string& name);

struct LinkInfo {
  int index = 0;
  unsigned flags = 0;
  std::string name;
  std::string kind; // IFLA_INFO_KIND, e.g. "bridge"; empty for plain devices
  int master = 0;   // IFLA_MASTER: the bridge's ifindex when enslaved
  std::array<std::uint8_t, 6> mac{};
};

// Parses one RTM_NEWLINK message (as answered to build_get_link).
Result<LinkInfo> parse_link(std::span<const std::uint8_t> message);

} // namespace mydocker::network::netlink
