#include "network/host_routes.hpp"

#include <linux/rtnetlink.h>

#include <catch2/catch.hpp>

#include "network/address_pools.hpp"

using namespace mydocker::network;
using mydocker::network::netlink::RouteInfo;

namespace {

RouteInfo route(std::array<std::uint8_t, 4> dst, int prefix, int table, int type, int oif = 2) {
  RouteInfo r;
  r.destination = dst;
  r.prefix = prefix;
  r.table = table;
  r.type = type;
  r.oif = oif;
  return r;
}

} // namespace

TEST_CASE("main-table routes and own addresses claim space; the rest does not", "[routes]") {
  auto lan = claimed_by(route({192, 168, 1, 0}, 24, RT_TABLE_MAIN, RTN_UNICAST));
  REQUIRE(lan);
  CHECK(lan->destination.to_string() == "192.168.1.0/24");
  CHECK(lan->oif == 2);
  auto own = claimed_by(route({10, 0, 2, 15}, 32, RT_TABLE_LOCAL, RTN_LOCAL));
  REQUIRE(own);
  CHECK(own->destination.to_string() == "10.0.2.15/32");
  CHECK_FALSE(claimed_by(route({0, 0, 0, 0}, 0, RT_TABLE_MAIN, RTN_UNICAST)));   // default
  CHECK_FALSE(claimed_by(route({127, 0, 0, 1}, 32, RT_TABLE_LOCAL, RTN_LOCAL))); // loopback
  CHECK_FALSE(claimed_by(route({10, 0, 2, 255}, 32, RT_TABLE_LOCAL, RTN_BROADCAST)));
  CHECK_FALSE(claimed_by(route({10, 9, 0, 0}, 24, 100, RTN_UNICAST))); // policy table
}

TEST_CASE("own bridges are ignored so a restart keeps its subnet", "[routes]") {
  std::vector<HostRoute> routes{{*Ipv4Cidr::parse("172.17.0.0/16"), 5},
                                {*Ipv4Cidr::parse("172.18.0.0/16"), 2}};
  int own_bridge[] = {5};
  auto taken = claimed_subnets(routes, own_bridge);
  REQUIRE(taken.size() == 1);
  CHECK(choose_free_pool(taken)->to_string() == "172.17.0.0/16");
  CHECK(choose_free_pool(claimed_subnets(routes))->to_string() == "172.19.0.0/16");
}
