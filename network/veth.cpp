#include "network/veth.hpp"

#include <cerrno>
#include <random>
#include <vector>

#include "common/scope_guard.hpp"
#include "network/bridge.hpp"
#include "network/netlink/link_message.hpp"
#include "network/netlink/rtnl_socket.hpp"
#include "network/step_timer.hpp"

namespace mydocker::network {
namespace {

using netlink::LinkInfo;
using netlink::RtnlSocket;

Result<LinkInfo> get_link(RtnlSocket& nl, const std::string& name) {
  auto reply = TRY(nl.query(netlink::build_get_link(nl.next_seq(), name), "get link " + name));
  return netlink::parse_link(reply);
}

// Host side in two trips to the kernel: the bridge's index, then the pair made in one request
// with the host end on the bridge, the peer born inside the container's namespace under its
// final name with its MAC (no move, no rename: see build_new_veth), the host end up.
Result<void> wire_host_end(RtnlSocket& nl, const VethEndpoint& ep, StepTimer& timer) {
  auto bridge = TRY(get_link(nl, ep.bridge));
  timer.lap("bridge");
  netlink::VethPair pair{ep.host_name, ep.container_name, ep.netns_fd, bridge.index, ep.mac, true};
  TRY_VOID(nl.request(netlink::build_new_veth(nl.next_seq(), pair),
                      "create veth " + ep.host_name + " on " + ep.bridge));
  timer.lap("create");
  return {};
}

// Container side in two trips: the link's index, then up, address and default route in one
// batch (run in order: the gateway needs the address's subnet route on a link that is up).
Result<void> wire_container_end(RtnlSocket& nl, const VethEndpoint& ep, StepTimer& timer) {
  auto link = TRY(get_link(nl, ep.container_name));
  std::vector<RtnlSocket::Request> batch = {
      {netlink::build_set_link_up(nl.next_seq(), link.index), "set " + ep.container_name + " up"},
      {netlink::build_new_address(nl.next_seq(), link.index, ep.address),
       "add address " + ep.address.to_string()}};
  if (ep.gateway)
    batch.push_back({netlink::build_new_default_route(nl.next_seq(), *ep.gateway, link.index),
                     "add default route via " + ipv4_to_string(*ep.gateway)});
  TRY_VOID(nl.request_batch(batch));
  timer.lap("up+address+route");
  return {};
}

} // namespace

Result<void> create_veth_endpoint(RtnlSocket& host, RtnlSocket& container, const VethEndpoint& ep) {
  TRY_VOID(validate_link_name(ep.host_name));
  TRY_VOID(validate_link_name(ep.container_name));
  Rollback undo;
  undo.add([&] { (void)delete_link(host, ep.host_name); });
  StepTimer timer("veth wiring " + ep.host_name);
  TRY_VOID(wire_host_end(host, ep, timer));
  TRY_VOID(wire_container_end(container, ep, timer));
  undo.dismiss();
  return {};
}

Result<void> create_veth_endpoint(const VethEndpoint& ep) {
  StepTimer timer("veth " + ep.host_name);
  auto host = TRY(RtnlSocket::open());
  auto container = TRY(RtnlSocket::open_in_netns(ep.netns_fd));
  timer.lap("sockets");
  return create_veth_endpoint(host, container, ep);
}

Result<void> delete_link(RtnlSocket& nl, const std::string& name) {
  auto done = nl.request(netlink::build_delete_link(nl.next_seq(), name), "delete link " + name);
  if (!done && done.error().sys_errno != ENODEV)
    return done;
  return {};
}

std::string host_veth_name(std::string_view endpoint_id) {
  return "veth" + std::string(endpoint_id.substr(0, 7));
}

std::array<std::uint8_t, 6> mac_for_address(const std::array<std::uint8_t, 4>& a) {
  return {0x02, 0x42, a[0], a[1], a[2], a[3]};
}

} // namespace mydocker::network

namespace mydocker::network {

std::array<std::uint8_t, 6> random_mac() {
  std::array<std::uint8_t, 6> mac{};
  std::random_device random;
  for (auto& byte : mac)
    byte = static_cast<std::uint8_t>(random());
  mac[0] = static_cast<std::uint8_t>((mac[0] & 0xfe) | 0x02); // unicast, locally administered
  return mac;
}

std::string mac_to_string(const std::array<std::uint8_t, 6>& mac) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (auto byte : mac) {
    if (!out.empty())
      out += ':';
    out += hex[byte >> 4];
    out += hex[byte & 0xf];
  }
  return out;
}

} // namespace mydocker::network
