#include "network/nat_plan.hpp"

#include <catch2/catch.hpp>

using mydocker::Errc;
using namespace mydocker::network;

namespace {

BridgeRules bridge(const char* name, const char* subnet, bool internal = false) {
  return BridgeRules{name, *Ipv4Cidr::parse(subnet), internal};
}

PublishedPort port(Protocol proto, std::uint16_t host_port, std::array<std::uint8_t, 4> ip,
                   std::uint16_t ctr_port) {
  PublishedPort p;
  p.protocol = proto;
  p.host_port = host_port;
  p.container_ip = ip;
  p.container_port = ctr_port;
  p.bridge = "mydocker0";
  return p;
}

} // namespace

TEST_CASE("default bridge alone: masquerade and forward rules, no port rules", "[nat]") {
  NatRules rules{{bridge("mydocker0", "172.17.0.1/16")}, {}};
  auto script = render_nat_script(rules);
  REQUIRE(script);
  CHECK(*script == "add table ip mydocker\n"
                   "delete table ip mydocker\n"
                   "table ip mydocker {\n"
                   "\tchain published {\n"
                   "\t}\n"
                   "\tchain prerouting {\n"
                   "\t\ttype nat hook prerouting priority -100; policy accept;\n"
                   "\t\tfib daddr type local jump published\n"
                   "\t}\n"
                   "\tchain output {\n"
                   "\t\ttype nat hook output priority -100; policy accept;\n"
                   "\t\tfib daddr type local jump published\n"
                   "\t}\n"
                   "\tchain postrouting {\n"
                   "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                   "\t\tip saddr 172.17.0.0/16 oifname != \"mydocker0\" masquerade\n"
                   "\t}\n"
                   "\tchain forward {\n"
                   "\t\ttype filter hook forward priority filter; policy accept;\n"
                   "\t\toifname \"mydocker0\" ct state established,related accept\n"
                   "\t\tiifname \"mydocker0\" accept\n"
                   "\t}\n"
                   "}\n");
}

TEST_CASE("published ports: DNAT for any or one host address, tcp and udp", "[nat]") {
  NatRules rules{{bridge("mydocker0", "172.17.0.1/16")},
                 {port(Protocol::Tcp, 8080, {172, 17, 0, 2}, 80),
                  port(Protocol::Udp, 5353, {172, 17, 0, 3}, 53)}};
  rules.ports[1].host_ip = std::array<std::uint8_t, 4>{127, 0, 0, 1};
  auto script = *render_nat_script(rules);
  CHECK_THAT(script, Catch::Contains("\tchain published {\n"
                                     "\t\ttcp dport 8080 dnat to 172.17.0.2:80\n"
                                     "\t\tip daddr 127.0.0.1 udp dport 5353 dnat to 172.17.0.3:53\n"
                                     "\t}\n"));
  CHECK_THAT(script, Catch::Contains("\t\tip saddr 172.17.0.2 ip daddr 172.17.0.2 tcp dport 80 "
                                     "masquerade\n"));
  CHECK_THAT(script,
             Catch::Contains("\t\tip saddr 127.0.0.0/8 oifname \"mydocker0\" masquerade\n"));
  CHECK_THAT(script, Catch::Contains("\t\toifname \"mydocker0\" ip daddr 172.17.0.2 tcp dport 80 "
                                     "accept\n"));
  CHECK_THAT(script, Catch::Contains("ip daddr 172.17.0.3 udp dport 53 accept\n"));
}

TEST_CASE("two bridges are isolated from each other, drops before accepts", "[nat]") {
  NatRules rules{{bridge("br-a", "10.1.0.0/24"), bridge("br-b", "10.2.0.0/24")}, {}};
  auto script = *render_nat_script(rules);
  auto drop_ab = script.find("\t\tiifname \"br-a\" oifname \"br-b\" drop\n");
  auto drop_ba = script.find("\t\tiifname \"br-b\" oifname \"br-a\" drop\n");
  auto first_accept = script.find("accept\n", script.find("chain forward"));
  REQUIRE(drop_ab != std::string::npos);
  REQUIRE(drop_ba != std::string::npos);
  CHECK(drop_ab < first_accept);
  CHECK(drop_ba < first_accept);
  CHECK_THAT(script, Catch::Contains("ip saddr 10.2.0.0/24 oifname != \"br-b\" masquerade"));
}

TEST_CASE("internal network: no masquerade, no traffic across its bridge", "[nat]") {
  NatRules rules{{bridge("br-int", "10.3.0.0/24", true)}, {}};
  auto script = *render_nat_script(rules);
  CHECK_THAT(script, !Catch::Contains("masquerade"));
  CHECK_THAT(script, Catch::Contains("\t\tiifname \"br-int\" oifname != \"br-int\" drop\n"
                                     "\t\toifname \"br-int\" iifname != \"br-int\" drop\n"));
}

TEST_CASE("custom table name and removal script", "[nat]") {
  auto script = *render_nat_script({}, "mdtest");
  CHECK(script.rfind("add table ip mdtest\ndelete table ip mdtest\ntable ip mdtest {\n", 0) == 0);
  CHECK(render_nat_removal() == "add table ip mydocker\ndelete table ip mydocker\n");
}

TEST_CASE("bridge names nft cannot quote are refused", "[nat]") {
  NatRules rules{{bridge("br\"x", "10.1.0.0/24")}, {}};
  auto script = render_nat_script(rules);
  REQUIRE_FALSE(script);
  CHECK(script.error().code == Errc::InvalidArgument);
  NatRules bad_port{{}, {port(Protocol::Tcp, 1, {10, 0, 0, 2}, 1)}};
  bad_port.ports[0].bridge = "a b";
  CHECK_FALSE(render_nat_script(bad_port));
}
