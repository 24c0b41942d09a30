#include <catch2/catch.hpp>

#include "engine/container_network.hpp"
#include "engine/published_ports.hpp"

using namespace mydocker;
using namespace mydocker::engine;

TEST_CASE("user-network containers ask the embedded resolver first", "[container_network]") {
  std::string host = "nameserver 10.0.0.2\nsearch example.org\noptions timeout:2\n";
  CHECK(embedded_dns_resolv_conf(host) ==
        "search example.org\nnameserver 127.0.0.11\noptions timeout:2 ndots:0\n");
  CHECK(embedded_dns_resolv_conf("nameserver 10.0.0.2\noptions ndots:3\n") ==
        "nameserver 127.0.0.11\noptions ndots:3\n");
  CHECK(embedded_dns_resolv_conf("nameserver 10.0.0.2\n") ==
        "nameserver 127.0.0.11\noptions ndots:0\n");
}

TEST_CASE("recorded ports give back the same DNAT entries", "[container_network]") {
  api::PortMap published = {{"80/tcp", {{"0.0.0.0", "8080"}, {"127.0.0.1", "8081"}}},
                            {"53/udp", {{"0.0.0.0", "5353"}}}};
  auto entries = nat_entries(published, "10.9.0.2");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].protocol == network::Protocol::Udp);
  CHECK(entries[0].host_port == 5353);
  CHECK(entries[0].container_port == 53);
  CHECK(!entries[1].host_ip);
  CHECK(entries[2].host_ip == std::array<std::uint8_t, 4>{127, 0, 0, 1});
  CHECK(entries[2].container_ip == std::array<std::uint8_t, 4>{10, 9, 0, 2});
  CHECK(nat_entries(published, "").empty());
}

TEST_CASE("a port taken on the host is Docker's 'port is already allocated'",
          "[container_network]") {
  api::HostConfig hc;
  hc.port_bindings["80/tcp"] = {{"127.0.0.1", ""}}; // random: always free
  auto plan = plan_published_ports(hc, {}, {10, 9, 0, 2}, "web");
  REQUIRE(plan);
  REQUIRE(plan->nat.size() == 1);
  CHECK(plan->nat[0].host_port != 0);
  CHECK(plan->published["80/tcp"][0].host_ip == "127.0.0.1");
  hc.port_bindings["80/tcp"] = {{"", "80x"}};
  CHECK(!plan_published_ports(hc, {}, {10, 9, 0, 2}, "web"));
}

TEST_CASE("container:NAME names the peer", "[container_network]") {
  CHECK(container_network_peer("container:web") == "web");
  CHECK(container_network_peer("bridge").empty());
}
