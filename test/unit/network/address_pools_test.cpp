#include "network/address_pools.hpp"

#include <catch2/catch.hpp>

using mydocker::Errc;
using namespace mydocker::network;

namespace {

Ipv4Cidr cidr(const char* text) {
  return *Ipv4Cidr::parse(text);
}

} // namespace

TEST_CASE("default pools are moby's: 172.17-31 /16 then 192.168 /20", "[pools]") {
  const auto& pools = default_address_pools();
  REQUIRE(pools.size() == 31);
  CHECK(pools.front().to_string() == "172.17.0.0/16");
  CHECK(pools[14].to_string() == "172.31.0.0/16");
  CHECK(pools[15].to_string() == "192.168.0.0/20");
  CHECK(pools[16].to_string() == "192.168.16.0/20");
  CHECK(pools.back().to_string() == "192.168.240.0/20");
}

TEST_CASE("first pool on a clean host is 172.17.0.0/16", "[pools]") {
  std::vector<Ipv4Cidr> routes{cidr("0.0.0.0/0"), cidr("10.0.2.0/24")};
  CHECK(choose_free_pool(routes)->to_string() == "172.17.0.0/16");
}

TEST_CASE("pools overlapping host routes or networks are skipped", "[pools]") {
  // A real dockerd's docker0, a /12 VPN route covering 172.18-31, and a user network.
  std::vector<Ipv4Cidr> taken{cidr("172.17.0.1/16"),  cidr("172.18.0.0/15"),
                              cidr("172.20.0.0/14"),  cidr("172.24.0.0/13"),
                              cidr("192.168.0.0/20"), cidr("192.168.17.5/32")};
  CHECK(choose_free_pool(taken)->to_string() == "192.168.32.0/20");
}

TEST_CASE("a host address inside a pool blocks it", "[pools]") {
  std::vector<Ipv4Cidr> taken{cidr("172.17.5.5/32")};
  CHECK(choose_free_pool(taken)->to_string() == "172.18.0.0/16");
}

TEST_CASE("exhausted pools in Docker's words", "[pools]") {
  std::vector<Ipv4Cidr> taken{cidr("172.16.0.0/12"), cidr("192.168.0.0/16")};
  auto none = choose_free_pool(taken);
  REQUIRE_FALSE(none);
  CHECK(none.error().code == Errc::Forbidden);
  CHECK(none.error().message == "all predefined address pools have been fully subnetted");
}

TEST_CASE("custom pool list", "[pools]") {
  std::vector<Ipv4Cidr> pools{cidr("10.10.0.0/24"), cidr("10.10.1.0/24")};
  std::vector<Ipv4Cidr> taken{cidr("10.10.0.128/25")};
  CHECK(choose_free_pool(taken, pools)->to_string() == "10.10.1.0/24");
}

TEST_CASE("default bridge address: --bip, else 172.17.0.1/16, else the next free pool", "[pools]") {
  std::vector<Ipv4Cidr> none;
  CHECK(default_bridge_address("", none)->to_string() == "172.17.0.1/16");
  std::vector<Ipv4Cidr> docker0{cidr("172.17.0.0/16")}; // a real dockerd next to us
  CHECK(default_bridge_address("", docker0)->to_string() == "172.18.0.1/16");
  CHECK(default_bridge_address("172.17.5.1/24", docker0)->to_string() == "172.17.5.1/24");
  CHECK(default_bridge_address("bad", none).error().message == "invalid CIDR address: bad");
}
