#include "network/veth.hpp"

#include <catch2/catch.hpp>

using namespace mydocker::network;

TEST_CASE("host veth names follow dockerd's veth + 7 hex", "[veth]") {
  CHECK(host_veth_name("0123456789abcdef") == "veth0123456");
  CHECK(host_veth_name("0123456789abcdef").size() <= 15);
}

TEST_CASE("MAC addresses: derived from the IP, or random and locally administered", "[veth]") {
  CHECK(mac_to_string(mac_for_address({172, 17, 0, 2})) == "02:42:ac:11:00:02");
  for (int i = 0; i < 32; ++i) {
    auto mac = random_mac();
    CHECK((mac[0] & 0x01) == 0); // unicast
    CHECK((mac[0] & 0x02) == 2); // locally administered
  }
  CHECK(random_mac() != random_mac());
}
