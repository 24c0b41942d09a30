#include "network/netlink/link_message.hpp"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sys/socket.h>

#include <cstring>

#include "network/netlink/message_builder.hpp"

namespace mydocker::network::netlink {
namespace {

// An RTM_NEWLINK (ACK requested) addressing an existing link by index.
ifinfomsg* start_set_link(MessageBuilder& b, std::uint32_t seq, int ifindex) {
  auto* ifi = b.start<ifinfomsg>(RTM_NEWLINK, NLM_F_ACK, seq);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = ifindex;
  return ifi;
}

Message link_by_index(std::uint16_t type, std::uint16_t flags, std::uint32_t seq, int ifindex) {
  MessageBuilder b;
  auto* ifi = b.start<ifinfomsg>(type, flags, seq);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = ifindex;
  return b.finish();
}

} // namespace

Message build_new_veth(std::uint32_t seq, const std::string& name, const std::string& peer_name,
                       int peer_netns_fd) {
  return build_new_veth(seq, VethPair{name, peer_name, peer_netns_fd, 0, std::nullopt, false});
}

Message build_new_veth(std::uint32_t seq, const VethPair& pair) {
  MessageBuilder b;
  auto* ifi = b.start<ifinfomsg>(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, seq);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_flags = ifi->ifi_change = pair.up ? IFF_UP : 0;
  mnl_attr_put_strz(b.nlh(), IFLA_IFNAME, pair.name.c_str());
  if (pair.master > 0)
    mnl_attr_put_u32(b.nlh(), IFLA_MASTER, static_cast<std::uint32_t>(pair.master));
  nlattr* info = mnl_attr_nest_start(b.nlh(), IFLA_LINKINFO);
  mnl_attr_put_strz(b.nlh(), IFLA_INFO_KIND, "veth");
  nlattr* data = mnl_attr_nest_start(b.nlh(), IFLA_INFO_DATA);
  // The peer is described by its own ifinfomsg followed by its attributes.
  nlattr* peer = mnl_attr_nest_start(b.nlh(), VETH_INFO_PEER);
  auto* peer_ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(b.nlh(), sizeof(ifinfomsg)));
  peer_ifi->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz(b.nlh(), IFLA_IFNAME, pair.peer_name.c_str());
  if (pair.peer_mac)
    mnl_attr_put(b.nlh(), IFLA_ADDRESS, pair.peer_mac->size(), pair.peer_mac->data());
  if (pair.peer_netns_fd >= 0)
    mnl_attr_put_u32(b.nlh(), IFLA_NET_NS_FD, static_cast<std::uint32_t>(pair.peer_netns_fd));
  mnl_attr_nest_end(b.nlh(), peer);
  mnl_attr_nest_end(b.nlh(), data);
  mnl_attr_nest_end(b.nlh(), info);
  return b.finish();
}

Message build_move_to_netns(std::uint32_t seq, int ifindex, int netns_fd,
                            const std::string& new_name) {
  MessageBuilder b;
  start_set_link(b, seq, ifindex);
  mnl_attr_put_u32(b.nlh(), IFLA_NET_NS_FD, static_cast<std::uint32_t>(netns_fd));
  if (!new_name.empty()) // the kernel renames while moving: no clash with the host's eth0
    mnl_attr_put_strz(b.nlh(), IFLA_IFNAME, new_name.c_str());
  return b.finish();
}

Message build_rename_link(std::uint32_t seq, int ifindex, const std::string& new_name) {
  MessageBuilder b;
  start_set_link(b, seq, ifindex);
  mnl_attr_put_strz(b.nlh(), IFLA_IFNAME, new_name.c_str());
  return b.finish();
}

Message build_set_mac(std::uint32_t seq, int ifindex, const MacAddress& mac) {
  MessageBuilder b;
  start_set_link(b, seq, ifindex);
  mnl_attr_put(b.nlh(), IFLA_ADDRESS, mac.size(), mac.data());
  return b.finish();
}

Message build_set_master(std::uint32_t seq, int ifindex, int master_ifindex) {
  MessageBuilder b;
  start_set_link(b, seq, ifindex);
  mnl_attr_put_u32(b.nlh(), IFLA_MASTER, static_cast<std::uint32_t>(master_ifindex));
  return b.finish();
}

Message build_get_link_by_index(std::uint32_t seq, int ifindex) {
  return link_by_index(RTM_GETLINK, 0, seq, ifindex);
}

Message build_delete_link_by_index(std::uint32_t seq, int ifindex) {
  return link_by_index(RTM_DELLINK, NLM_F_ACK, seq, ifindex);
}

Message build_new_default_route(std::uint32_t seq, const Ipv4Bytes& gateway, int oif_ifindex) {
  MessageBuilder b;
  auto* rtm = b.start<rtmsg>(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, seq);
  rtm->rtm_family = AF_INET;
  rtm->rtm_dst_len = 0;
  rtm->rtm_table = RT_TABLE_MAIN;
  rtm->rtm_protocol = RTPROT_BOOT;
  rtm->rtm_scope = RT_SCOPE_UNIVERSE;
  rtm->rtm_type = RTN_UNICAST;
  mnl_attr_put(b.nlh(), RTA_GATEWAY, gateway.size(), gateway.data());
  mnl_attr_put_u32(b.nlh(), RTA_OIF, static_cast<std::uint32_t>(oif_ifindex));
  return b.finish();
}

Message build_route_lookup(std::uint32_t seq, const Ipv4Bytes& destination) {
  MessageBuilder b;
  auto* rtm = b.start<rtmsg>(RTM_GETROUTE, 0, seq);
  rtm->rtm_family = AF_INET;
  rtm->rtm_dst_len = 32;
  mnl_attr_put(b.nlh(), RTA_DST, destination.size(), destination.data());
  return b.finish();
}

Message build_dump_routes(std::uint32_t seq) {
  MessageBuilder b;
  auto* rtm = b.start<rtmsg>(RTM_GETROUTE, NLM_F_DUMP, seq);
  rtm->rtm_family = AF_INET;
  return b.finish();
}

namespace {

void copy_ipv4(const nlattr* attr, Ipv4Bytes& out) {
  if (mnl_attr_get_payload_len(attr) == out.size())
    std::memcpy(out.data(), mnl_attr_get_payload(attr), out.size());
}

int route_attr(const nlattr* attr, void* data) {
  auto* out = static_cast<RouteInfo*>(data);
  switch (mnl_attr_get_type(attr)) {
  case RTA_DST: copy_ipv4(attr, out->destination); break;
  case RTA_GATEWAY: copy_ipv4(attr, out->gateway); break;
  case RTA_PREFSRC: copy_ipv4(attr, out->source); break;
  case RTA_OIF:
    if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
      out->oif = static_cast<int>(mnl_attr_get_u32(attr));
    break;
  case RTA_TABLE:
    if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
      out->table = static_cast<int>(mnl_attr_get_u32(attr));
    break;
  default: break;
  }
  return MNL_CB_OK;
}

} // namespace

Result<RouteInfo> parse_route(std::span<const std::uint8_t> message) {
  auto* nlh = reinterpret_cast<const nlmsghdr*>(message.data());
  if (message.size() < sizeof(nlmsghdr) || !mnl_nlmsg_ok(nlh, static_cast<int>(message.size())) ||
      nlh->nlmsg_type != RTM_NEWROUTE || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(rtmsg)))
    return internal_error("netlink: malformed route message");
  auto* rtm = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  if (rtm->rtm_family != AF_INET)
    return internal_error("netlink: not an IPv4 route");
  RouteInfo out;
  out.prefix = rtm->rtm_dst_len;
  out.table = rtm->rtm_table;
  out.type = rtm->rtm_type;
  if (mnl_attr_parse(nlh, sizeof(rtmsg), route_attr, &out) < 0)
    return internal_error("netlink: malformed route attributes");
  return out;
}

} // namespace mydocker::network::netlink
