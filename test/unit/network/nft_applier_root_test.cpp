#include "network/nft_applier.hpp"

#include <catch2/catch.hpp>

#include "throwaway_netns.hpp"

using namespace mydocker::network;
using mydocker::network::test::new_netns;
using mydocker::network::test::run_in_netns;

namespace {

NatRules sample_rules() {
  NatRules rules;
  rules.bridges.push_back({"mydocker0", *Ipv4Cidr::parse("172.17.0.0/16"), false});
  rules.bridges.push_back({"br-int", *Ipv4Cidr::parse("10.3.0.0/24"), true});
  PublishedPort web;
  web.host_port = 8080;
  web.container_ip = {172, 17, 0, 2};
  web.container_port = 80;
  rules.ports.push_back(web);
  PublishedPort dns = web;
  dns.protocol = Protocol::Udp;
  dns.host_ip = std::array<std::uint8_t, 4>{127, 0, 0, 1};
  dns.host_port = 5353;
  dns.container_port = 53;
  rules.ports.push_back(dns);
  return rules;
}

std::string list_table() {
  auto listed = run_nft_query("list table ip mydocker");
  INFO((listed ? "" : listed.error().message));
  REQUIRE(listed);
  return *listed;
}

} // namespace

// nftables tables belong to a network namespace: everything here is gone with it.
TEST_CASE("NAT rules apply, list back, re-apply idempotently and are removed", "[root][nft]") {
  auto netns = new_netns();
  run_in_netns(netns, [] {
    auto installed = install_nat_rules(sample_rules());
    INFO((installed ? "" : installed.error().message));
    REQUIRE(installed);
    auto listed = list_table();
    CHECK_THAT(listed, Catch::Contains("elements = { tcp . 8080 : 172.17.0.2 . 80 }"));
    CHECK_THAT(listed, Catch::Contains("elements = { 127.0.0.1 . udp . 5353 : 172.17.0.2 . 53 }"));
    CHECK_THAT(listed,
               Catch::Contains("ip saddr 172.17.0.0/16 oifname != \"mydocker0\" masquerade"));
    CHECK_THAT(listed, Catch::Contains("iifname \"mydocker0\" oifname \"br-int\" drop"));
    CHECK_THAT(listed, Catch::Contains("fib daddr type local jump published"));

    // Start-up runs the same script again: same table, no duplicated rules.
    REQUIRE(install_nat_rules(sample_rules()));
    CHECK(list_table() == listed);

    // A changed plan replaces the rules wholesale.
    NatRules fewer = sample_rules();
    fewer.ports.clear();
    REQUIRE(install_nat_rules(fewer));
    CHECK_THAT(list_table(), !Catch::Contains("elements"));

    REQUIRE(remove_nat_rules());
    CHECK_FALSE(run_nft_query("list table ip mydocker"));
    CHECK(remove_nat_rules()); // idempotent
  });
}

TEST_CASE("a container's ports come and go as map elements", "[root][nft]") {
  auto netns = new_netns();
  run_in_netns(netns, [] {
    NatRules base = sample_rules();
    auto ports = base.ports;
    base.ports.clear();
    REQUIRE(install_nat_rules(base));
    auto added = add_published_ports(ports);
    INFO((added ? "" : added.error().message));
    REQUIRE(added);
    CHECK_THAT(list_table(), Catch::Contains("elements = { tcp . 8080 : 172.17.0.2 . 80 }"));
    // The same host port twice: the whole batch fails, nothing half-added.
    PublishedPort other = ports[0];
    other.container_ip = {172, 17, 0, 9};
    std::vector<PublishedPort> clash{other};
    clash[0].host_port = 9090;
    clash.push_back(other);
    auto refused = add_published_ports(clash);
    REQUIRE_FALSE(refused);
    CHECK_THAT(list_table(), !Catch::Contains("9090"));
    REQUIRE(remove_published_ports(ports));
    CHECK_THAT(list_table(), !Catch::Contains("elements"));
    CHECK(remove_published_ports(ports)); // idempotent
  });
}

TEST_CASE("nft errors carry nft's message", "[root][nft]") {
  auto netns = new_netns();
  run_in_netns(netns, [] {
    auto bad = run_nft_script("add table ip mydocker\nadd rule ip mydocker nochain accept\n");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == mydocker::Errc::Internal);
    CHECK_THAT(bad.error().message, Catch::StartsWith("nftables: "));
    CHECK(bad.error().message.size() > std::string("nftables: ").size());
  });
}
