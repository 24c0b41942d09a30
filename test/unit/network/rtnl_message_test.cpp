#include "network/netlink/rtnl_message.hpp"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <catch2/catch.hpp>
#include <cstring>

using namespace mydocker::network;
using namespace mydocker::network::netlink;

namespace {

const nlmsghdr& header(const Message& m) {
  return *reinterpret_cast<const nlmsghdr*>(m.data());
}

// Little-endian helpers for hand-written fixtures (x86_64 and every CI host).
void put16(Message& m, std::uint16_t v) {
  m.push_back(v & 0xff), m.push_back(v >> 8);
}
void put32(Message& m, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    m.push_back((v >> (8 * i)) & 0xff);
}

} // namespace

TEST_CASE("delete link message matches the kernel wire format byte for byte", "[network]") {
  Message expected;
  put32(expected, 16 + 16 + 8);               // nlmsg_len: header, ifinfomsg, "br0\0"
  put16(expected, RTM_DELLINK);               // nlmsg_type
  put16(expected, NLM_F_REQUEST | NLM_F_ACK); // nlmsg_flags
  put32(expected, 7);                         // seq
  put32(expected, 0);                         // pid
  expected.insert(expected.end(), 16, 0);     // ifinfomsg: AF_UNSPEC, index 0
  put16(expected, 8);                         // nla_len
  put16(expected, IFLA_IFNAME);               // nla_type
  for (char c : std::string("br0"))
    expected.push_back(static_cast<std::uint8_t>(c));
  expected.push_back(0);
  CHECK(build_delete_link(7, "br0") == expected);
}

TEST_CASE("new bridge message carries name and linkinfo kind", "[network]") {
  auto m = build_new_bridge(3, "mydocker0");
  CHECK(header(m).nlmsg_len == m.size());
  CHECK(header(m).nlmsg_type == RTM_NEWLINK);
  CHECK(header(m).nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL));
  CHECK(header(m).nlmsg_seq == 3);
  // Parsing the same bytes as a link answer yields the attributes back.
  auto link = parse_link(m);
  REQUIRE(link);
  CHECK(link->name == "mydocker0");
  CHECK(link->kind == "bridge");
}

TEST_CASE("set up message changes only IFF_UP", "[network]") {
  auto m = build_set_link_up(9, 42);
  REQUIRE(m.size() == NLMSG_LENGTH(sizeof(ifinfomsg)));
  ifinfomsg ifi;
  std::memcpy(&ifi, m.data() + NLMSG_HDRLEN, sizeof(ifi));
  CHECK(ifi.ifi_index == 42);
  CHECK(ifi.ifi_flags == IFF_UP);
  CHECK(ifi.ifi_change == IFF_UP);
  CHECK(header(m).nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));
}

TEST_CASE("new address message has local, address and broadcast", "[network]") {
  auto m = build_new_address(1, 5, *Ipv4Cidr::parse("10.231.7.1/24"));
  CHECK(header(m).nlmsg_type == RTM_NEWADDR);
  CHECK(header(m).nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE));
  ifaddrmsg ifa;
  std::memcpy(&ifa, m.data() + NLMSG_HDRLEN, sizeof(ifa));
  CHECK(ifa.ifa_family == AF_INET);
  CHECK(ifa.ifa_prefixlen == 24);
  CHECK(ifa.ifa_index == 5);
  // Three 8-byte attributes: IFA_LOCAL, IFA_ADDRESS, IFA_BROADCAST.
  REQUIRE(m.size() == NLMSG_LENGTH(sizeof(ifaddrmsg)) + 3 * 8);
  const std::uint8_t* attrs = m.data() + NLMSG_LENGTH(sizeof(ifaddrmsg));
  const std::uint8_t local[] = {8, 0, IFA_LOCAL, 0, 10, 231, 7, 1};
  const std::uint8_t addr[] = {8, 0, IFA_ADDRESS, 0, 10, 231, 7, 1};
  const std::uint8_t brd[] = {8, 0, IFA_BROADCAST, 0, 10, 231, 7, 255};
  CHECK(std::memcmp(attrs, local, 8) == 0);
  CHECK(std::memcmp(attrs + 8, addr, 8) == 0);
  CHECK(std::memcmp(attrs + 16, brd, 8) == 0);
}

TEST_CASE("no broadcast for /31 and /32", "[network]") {
  auto m = build_new_address(1, 5, *Ipv4Cidr::parse("10.0.0.1/32"));
  CHECK(m.size() == NLMSG_LENGTH(sizeof(ifaddrmsg)) + 2 * 8);
}

TEST_CASE("parse_link rejects truncated and foreign messages", "[network]") {
  auto m = build_get_link(1, "eth0");
  CHECK_FALSE(parse_link(m)); // RTM_GETLINK, not an answer
  auto answer = build_new_bridge(1, "x");
  answer.resize(10);
  CHECK_FALSE(parse_link(answer));
}
