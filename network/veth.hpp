// A container's interface on a bridge network: a veth pair with one end in the container's
// network namespace as eth0 (address, MAC, default route) and the other on the bridge.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "network/ipv4_cidr.hpp"

namespace mydocker::network {

namespace netlink {
class RtnlSocket;
}

struct VethEndpoint {
  std::string host_name; // host end, e.g. host_veth_name(endpoint id)
  std::string bridge;    // bridge the host end joins
  int netns_fd = -1;     // the container's network namespace (/proc/PID/ns/net)
  std::string container_name = "eth0";
  std::array<std::uint8_t, 6> mac{}; // e.g. mac_for_address(address)
  Ipv4Cidr address;                  // the container's address with the subnet prefix
  std::optional<std::array<std::uint8_t, 4>> gateway; // none: no default route (eth1...)
};

// Creates and wires the pair in four trips to the kernel (about 1 ms on our hosts, most of it
// the kernel making the two devices); on failure nothing is left behind (the host end is
// deleted, which deletes its peer too). `host` and `container` are sockets in the two namespaces.
Result<void> create_veth_endpoint(netlink::RtnlSocket& host, netlink::RtnlSocket& container,
                                  const VethEndpoint& endpoint);
// Same, with a socket in the caller's namespace and one opened in endpoint.netns_fd.
Result<void> create_veth_endpoint(const VethEndpoint& endpoint);

// Deletes link `name` in the socket's namespace (a veth takes its peer along). A missing
// link is fine: removal is idempotent.
Result<void> delete_link(netlink::RtnlSocket& socket, const std::string& name);

// "veth" + 7 hex digits of the endpoint ID, as dockerd names host ends.
std::string host_veth_name(std::string_view endpoint_id);
// 02:42 + the IPv4 address: the MAC dockerd derived from the address before v26.
std::array<std::uint8_t, 6> mac_for_address(const std::array<std::uint8_t, 4>& address);
// A random locally administered unicast MAC, as dockerd 26+ gives bridge endpoints.
std::array<std::uint8_t, 6> random_mac();
std::string mac_to_string(const std::array<std::uint8_t, 6>& mac); // "02:42:ac:11:00:02"

} // namespace mydocker::network
