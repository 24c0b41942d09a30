#include "network/veth.hpp"

#include "network/address_pools.hpp"
#include "network/host_routes.hpp"

#include <linux/if.h>
#include <linux/rtnetlink.h>

#include <catch2/catch.hpp>

#include "network/netlink/link_message.hpp"
#include "network/netlink/rtnl_socket.hpp"
#include "throwaway_netns.hpp"

using namespace mydocker::network;
using namespace mydocker::network::netlink;
using mydocker::network::test::new_netns;

namespace {

LinkInfo link_named(RtnlSocket& nl, const std::string& name) {
  auto reply = nl.query(build_get_link(nl.next_seq(), name), "get " + name);
  REQUIRE(reply);
  return *parse_link(*reply);
}

bool has_link(RtnlSocket& nl, const std::string& name) {
  return nl.query(build_get_link(nl.next_seq(), name), "get " + name).has_value();
}

int make_bridge(RtnlSocket& nl, const std::string& name, const char* cidr) {
  REQUIRE(nl.request(build_new_bridge(nl.next_seq(), name), "bridge"));
  int index = link_named(nl, name).index;
  REQUIRE(nl.request(build_new_address(nl.next_seq(), index, *Ipv4Cidr::parse(cidr)), "addr"));
  REQUIRE(nl.request(build_set_link_up(nl.next_seq(), index), "up"));
  return index;
}

VethEndpoint endpoint_for(const mydocker::Fd& container_ns) {
  VethEndpoint ep;
  ep.host_name = host_veth_name("0123456789abcdef");
  ep.bridge = "mdtestbr0";
  ep.netns_fd = container_ns.get();
  ep.address = *Ipv4Cidr::parse("10.231.9.2/24");
  ep.mac = mac_for_address(ep.address.address);
  ep.gateway = std::array<std::uint8_t, 4>{10, 231, 9, 1};
  return ep;
}

bool has_default_route(RtnlSocket& nl, const Ipv4Bytes& gateway) {
  auto routes = nl.dump(build_dump_routes(nl.next_seq()), "dump routes");
  REQUIRE(routes);
  for (const auto& m : *routes) {
    auto r = parse_route(m);
    if (r && r->prefix == 0 && r->table == RT_TABLE_MAIN && r->gateway == gateway)
      return true;
  }
  return false;
}

} // namespace

TEST_CASE("veth endpoint: eth0 with address, MAC and default route; host end on the bridge",
          "[root][veth]") {
  auto host_ns = new_netns(); // stands in for the host: the real one is never touched
  auto container_ns = new_netns();
  auto host = *RtnlSocket::open_in_netns(host_ns.get());
  auto container = *RtnlSocket::open_in_netns(container_ns.get());
  int bridge = make_bridge(host, "mdtestbr0", "10.231.9.1/24");
  auto ep = endpoint_for(container_ns);

  auto made = create_veth_endpoint(host, container, ep);
  INFO((made ? "" : made.error().message));
  REQUIRE(made);

  auto host_end = link_named(host, "veth0123456");
  CHECK(host_end.kind == "veth");
  CHECK(host_end.master == bridge);
  CHECK((host_end.flags & IFF_UP));
  CHECK_FALSE(has_link(host, "eth0")); // the peer was born in the container namespace
  auto eth0 = link_named(container, "eth0");
  CHECK(eth0.kind == "veth");
  CHECK(eth0.mac == std::array<std::uint8_t, 6>{0x02, 0x42, 10, 231, 9, 2});
  CHECK((eth0.flags & IFF_UP));
  // The kernel's own route choice proves the address and the default route.
  auto answer = container.query(build_route_lookup(container.next_seq(), {192, 0, 2, 1}), "route");
  REQUIRE(answer);
  auto route = *parse_route(*answer);
  CHECK(route.gateway == Ipv4Bytes{10, 231, 9, 1});
  CHECK(route.source == Ipv4Bytes{10, 231, 9, 2});
  CHECK(route.oif == eth0.index);
  CHECK(has_default_route(container, {10, 231, 9, 1}));

  REQUIRE(delete_link(host, "veth0123456"));
  CHECK_FALSE(has_link(host, "veth0123456"));
  CHECK_FALSE(has_link(container, "eth0")); // the peer goes with it
  CHECK(delete_link(host, "veth0123456"));  // idempotent
}

TEST_CASE("a failed endpoint leaves no veth behind", "[root][veth]") {
  auto host_ns = new_netns();
  auto container_ns = new_netns();
  auto host = *RtnlSocket::open_in_netns(host_ns.get());
  auto container = *RtnlSocket::open_in_netns(container_ns.get());
  auto ep = endpoint_for(container_ns); // no bridge "mdtestbr0" in this namespace
  auto made = create_veth_endpoint(host, container, ep);
  REQUIRE_FALSE(made);
  CHECK_FALSE(has_link(host, "veth0123456"));
  CHECK_FALSE(has_link(container, "eth0"));
}

TEST_CASE("the convenience overload opens a socket in the container namespace", "[root][veth]") {
  auto host_ns = new_netns();
  auto container_ns = new_netns();
  mydocker::network::test::run_in_netns(host_ns, [&] {
    auto host = *RtnlSocket::open();
    make_bridge(host, "mdtestbr0", "10.231.9.1/24");
    auto ep = endpoint_for(container_ns);
    ep.gateway.reset(); // an --internal network: no default route
    REQUIRE(create_veth_endpoint(ep));
  });
  auto container = *RtnlSocket::open_in_netns(container_ns.get());
  CHECK((link_named(container, "eth0").flags & IFF_UP));
  auto answer = container.query(build_route_lookup(container.next_seq(), {192, 0, 2, 1}), "route");
  CHECK_FALSE(answer); // ENETUNREACH: no default route
}

TEST_CASE("host routes of a namespace feed the pool choice", "[root][routes]") {
  auto ns = new_netns();
  auto nl = *RtnlSocket::open_in_netns(ns.get());
  int bridge = make_bridge(nl, "mdtestbr0", "172.17.0.1/16"); // like a dockerd's docker0
  auto routes = list_host_routes(nl);
  REQUIRE(routes);
  // The bridge's subnet route and its own address both claim 172.17.0.0/16.
  auto taken = claimed_subnets(*routes);
  CHECK(choose_free_pool(taken)->to_string() == "172.18.0.0/16");
  int own[] = {bridge};
  CHECK(choose_free_pool(claimed_subnets(*routes, own))->to_string() == "172.17.0.0/16");
}

TEST_CASE("a link moves into another namespace and is renamed on the way", "[root][veth]") {
  auto host_ns = new_netns();
  auto other_ns = new_netns();
  auto host = *RtnlSocket::open_in_netns(host_ns.get());
  auto other = *RtnlSocket::open_in_netns(other_ns.get());
  REQUIRE(host.request(build_new_veth(host.next_seq(), "mdmove0", "mdmove1"), "veth"));
  int peer = link_named(host, "mdmove1").index;
  REQUIRE(host.request(build_move_to_netns(host.next_seq(), peer, other_ns.get(), "eth7"), "move"));
  CHECK_FALSE(has_link(host, "mdmove1"));
  int moved = link_named(other, "eth7").index;
  REQUIRE(other.request(build_rename_link(other.next_seq(), moved, "eth8"), "rename"));
  CHECK(has_link(other, "eth8"));
  REQUIRE(other.request(build_delete_link_by_index(other.next_seq(), moved), "delete"));
  CHECK_FALSE(has_link(host, "mdmove0")); // its peer went with it
}
