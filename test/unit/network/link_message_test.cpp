#include "network/netlink/link_message.hpp"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <cstring>

using namespace mydocker::network::netlink;

namespace {

const nlmsghdr& header(const Message& m) {
  return *reinterpret_cast<const nlmsghdr*>(m.data());
}

ifinfomsg link_header(const Message& m) {
  ifinfomsg ifi;
  std::memcpy(&ifi, m.data() + NLMSG_HDRLEN, sizeof(ifi));
  return ifi;
}

// The attribute bytes after the family header, for byte-exact comparisons.
Message attributes(const Message& m, std::size_t family_size) {
  return Message(m.begin() + NLMSG_LENGTH(family_size), m.end());
}

void put_attr(Message& m, std::uint16_t type, std::initializer_list<std::uint8_t> payload) {
  std::uint16_t len = static_cast<std::uint16_t>(4 + payload.size());
  m.push_back(len & 0xff), m.push_back(len >> 8);
  m.push_back(type & 0xff), m.push_back(type >> 8);
  m.insert(m.end(), payload);
  while (m.size() % 4)
    m.push_back(0);
}

} // namespace

TEST_CASE("veth message nests the peer's ifinfomsg and name", "[netlink]") {
  auto m = build_new_veth(4, "veth1", "peer1");
  CHECK(header(m).nlmsg_type == RTM_NEWLINK);
  CHECK(header(m).nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL));
  CHECK(header(m).nlmsg_len == m.size());
  // IFNAME(12) LINKINFO(4) { KIND(12) DATA(4) { PEER(4) { ifinfomsg(16) IFNAME(12) } } }
  CHECK(attributes(m, sizeof(ifinfomsg)).size() == 12 + 4 + 12 + 4 + 4 + 16 + 12);
  auto link = parse_link(m); // the outer attributes parse back
  REQUIRE(link);
  CHECK(link->name == "veth1");
  CHECK(link->kind == "veth");
  // The peer's name sits at the very end, after its own 16-byte ifinfomsg.
  const char* tail = reinterpret_cast<const char*>(m.data() + m.size() - 8);
  CHECK(std::string(tail) == "peer1");
}

TEST_CASE("veth peer can be born in another namespace", "[netlink]") {
  auto here = build_new_veth(4, "veth1", "eth0");
  auto there = build_new_veth(4, "veth1", "eth0", 11);
  REQUIRE(there.size() == here.size() + 8); // one u32 attribute inside the peer nest
  Message fd_attr;
  put_attr(fd_attr, IFLA_NET_NS_FD, {11, 0, 0, 0});
  CHECK(Message(there.end() - 8, there.end()) == fd_attr); // last attribute of the peer
}

TEST_CASE("a veth pair wired in one request: host end up on the bridge, peer with its MAC",
          "[netlink]") {
  auto m =
      build_new_veth(4, VethPair{"veth1", "eth0", 11, 5, MacAddress{2, 0x42, 10, 0, 0, 2}, true});
  CHECK(header(m).nlmsg_len == m.size());
  CHECK(link_header(m).ifi_flags == IFF_UP);
  CHECK(link_header(m).ifi_change == IFF_UP);
  auto link = parse_link(m);
  REQUIRE(link);
  CHECK(link->master == 5);
  CHECK(link->kind == "veth");
  // The peer nest: ifinfomsg, IFNAME "eth0" (12), then its MAC and the namespace fd.
  Message peer_tail;
  put_attr(peer_tail, IFLA_ADDRESS, {2, 0x42, 10, 0, 0, 2});
  put_attr(peer_tail, IFLA_NET_NS_FD, {11, 0, 0, 0});
  REQUIRE(m.size() > peer_tail.size() + 12 + sizeof(ifinfomsg));
  CHECK(Message(m.end() - static_cast<long>(peer_tail.size()), m.end()) == peer_tail);
  ifinfomsg peer;
  std::memcpy(&peer, m.data() + m.size() - peer_tail.size() - 12 - sizeof(peer), sizeof(peer));
  CHECK(peer.ifi_flags == 0); // the kernel cannot open a peer before the pair is joined
  CHECK(peer.ifi_change == 0);
  // Without the extras it is the plain pair.
  CHECK(build_new_veth(4, VethPair{"veth1", "eth0", 11}) == build_new_veth(4, "veth1", "eth0", 11));
}

TEST_CASE("move to netns carries the fd and the new name", "[netlink]") {
  auto m = build_move_to_netns(2, 17, 9, "eth0");
  CHECK(link_header(m).ifi_index == 17);
  CHECK(header(m).nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));
  Message expected;
  put_attr(expected, IFLA_NET_NS_FD, {9, 0, 0, 0});
  put_attr(expected, IFLA_IFNAME, {'e', 't', 'h', '0', 0});
  CHECK(attributes(m, sizeof(ifinfomsg)) == expected);
  Message fd_only;
  put_attr(fd_only, IFLA_NET_NS_FD, {9, 0, 0, 0});
  CHECK(attributes(build_move_to_netns(2, 17, 9, ""), sizeof(ifinfomsg)) == fd_only);
}

TEST_CASE("rename, MAC and master messages address the link by index", "[netlink]") {
  Message name;
  put_attr(name, IFLA_IFNAME, {'e', 't', 'h', '0', 0});
  CHECK(attributes(build_rename_link(1, 5, "eth0"), sizeof(ifinfomsg)) == name);
  Message mac;
  put_attr(mac, IFLA_ADDRESS, {0x02, 0x42, 10, 9, 0, 2});
  auto set_mac = build_set_mac(1, 5, {0x02, 0x42, 10, 9, 0, 2});
  CHECK(link_header(set_mac).ifi_index == 5);
  CHECK(attributes(set_mac, sizeof(ifinfomsg)) == mac);
  Message master;
  put_attr(master, IFLA_MASTER, {3, 0, 0, 0});
  CHECK(attributes(build_set_master(1, 5, 3), sizeof(ifinfomsg)) == master);
  auto del = build_delete_link_by_index(8, 5);
  CHECK(header(del).nlmsg_type == RTM_DELLINK);
  CHECK(link_header(del).ifi_index == 5);
  CHECK(del.size() == NLMSG_LENGTH(sizeof(ifinfomsg)));
}

TEST_CASE("default route message: main table, gateway and output link", "[netlink]") {
  auto m = build_new_default_route(6, {10, 9, 0, 1}, 2);
  CHECK(header(m).nlmsg_type == RTM_NEWROUTE);
  CHECK(header(m).nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL));
  rtmsg rtm;
  std::memcpy(&rtm, m.data() + NLMSG_HDRLEN, sizeof(rtm));
  CHECK(rtm.rtm_family == AF_INET);
  CHECK(rtm.rtm_dst_len == 0);
  CHECK(rtm.rtm_table == RT_TABLE_MAIN);
  CHECK(rtm.rtm_type == RTN_UNICAST);
  Message expected;
  put_attr(expected, RTA_GATEWAY, {10, 9, 0, 1});
  put_attr(expected, RTA_OIF, {2, 0, 0, 0});
  CHECK(attributes(m, sizeof(rtmsg)) == expected);
  // The same bytes parse as a route (the kernel answers with this layout).
  auto route = parse_route(m);
  REQUIRE(route);
  CHECK(route->gateway == Ipv4Bytes{10, 9, 0, 1});
  CHECK(route->oif == 2);
  CHECK(route->prefix == 0);
  CHECK(route->table == RT_TABLE_MAIN);
}

TEST_CASE("route lookup and dump requests", "[netlink]") {
  auto lookup = build_route_lookup(1, {192, 0, 2, 1});
  CHECK(header(lookup).nlmsg_type == RTM_GETROUTE);
  CHECK(header(lookup).nlmsg_flags == NLM_F_REQUEST);
  Message dst;
  put_attr(dst, RTA_DST, {192, 0, 2, 1});
  CHECK(attributes(lookup, sizeof(rtmsg)) == dst);
  auto dump = build_dump_routes(1);
  CHECK(header(dump).nlmsg_flags == (NLM_F_REQUEST | NLM_F_DUMP));
  CHECK(dump.size() == NLMSG_LENGTH(sizeof(rtmsg)));
}

TEST_CASE("parse_route rejects links and truncated messages", "[netlink]") {
  CHECK_FALSE(parse_route(build_get_link_by_index(1, 1)));
  auto m = build_new_default_route(1, {10, 0, 0, 1}, 1);
  m.resize(12);
  CHECK_FALSE(parse_route(m));
}
