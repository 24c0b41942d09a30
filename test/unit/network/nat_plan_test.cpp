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
  return p;
}

} // namespace

TEST_CASE("default bridge alone: empty port maps, masquerade and forward rules", "[nat]") {
  NatRules rules{{bridge("mydocker0", "172.17.0.1/16")}, {}};
  auto script = render_nat_script(rules);
  REQUIRE(script);
  CHECK(*script == "add table ip mydocker\n"
                   "delete table ip mydocker\n"
                   "table ip mydocker {\n"
                   "\tmap ports_any_ip {\n"
                   "\t\ttype inet_proto . inet_service : ipv4_addr . inet_service\n"
                   "\t}\n"
                   "\tmap ports_on_ip {\n"
                   "\t\ttype ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service\n"
                   "\t}\n"
                   "\tchain published {\n"
                   "\t\tdnat ip to ip daddr . meta l4proto . th dport map @ports_on_ip\n"
                   "\t\tdnat ip to meta l4proto . th dport map @ports_any_ip\n"
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
                   "\t\tct status dnat iifname \"mydocker0\" oifname \"mydocker0\" masquerade\n"
                   "\t\tip saddr 127.0.0.0/8 oifname \"mydocker0\" masquerade\n"
                   "\t}\n"
                   "\tchain forward {\n"
                   "\t\ttype filter hook forward priority filter; policy accept;\n"
                   "\t\toifname \"mydocker0\" ct state established,related accept\n"
                   "\t\toifname \"mydocker0\" ct status dnat accept\n"
                   "\t\tiifname \"mydocker0\" accept\n"
                   "\t}\n"
                   "}\n");
}

TEST_CASE("published ports become map elements: any host address or one", "[nat]") {
  NatRules rules{{bridge("mydocker0", "172.17.0.1/16")},
                 {port(Protocol::Tcp, 8080, {172, 17, 0, 2}, 80),
                  port(Protocol::Udp, 5353, {172, 17, 0, 3}, 53),
                  port(Protocol::Udp, 5354, {172, 17, 0, 3}, 54)}};
  rules.ports[1].host_ip = std::array<std::uint8_t, 4>{127, 0, 0, 1};
  auto script = *render_nat_script(rules);
  CHECK_THAT(script, Catch::Contains("\t\ttype inet_proto . inet_service : ipv4_addr . "
                                     "inet_service\n\t\telements = { tcp . 8080 : 172.17.0.2 . "
                                     "80, udp . 5354 : 172.17.0.3 . 54 }\n"));
  CHECK_THAT(script,
             Catch::Contains("\t\telements = { 127.0.0.1 . udp . 5353 : 172.17.0.3 . 53 }\n"));
}

TEST_CASE("a container's ports are added and removed as elements", "[nat]") {
  std::vector<PublishedPort> ports{port(Protocol::Tcp, 8080, {172, 17, 0, 2}, 80),
                                   port(Protocol::Udp, 53, {172, 17, 0, 2}, 53)};
  ports[1].host_ip = std::array<std::uint8_t, 4>{10, 0, 0, 5};
  CHECK(render_port_additions(ports) ==
        "add element ip mydocker ports_any_ip { tcp . 8080 : 172.17.0.2 . 80 }\n"
        "add element ip mydocker ports_on_ip { 10.0.0.5 . udp . 53 : 172.17.0.2 . 53 }\n");
  CHECK(render_port_removal(ports[0]) ==
        "delete element ip mydocker ports_any_ip { tcp . 8080 }\n");
  CHECK(render_port_removal(ports[1], "t") ==
        "delete element ip t ports_on_ip { 10.0.0.5 . udp . 53 }\n");
  CHECK(render_port_additions({}).empty());
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
  CHECK_THAT(script, Catch::Contains("\t\toifname \"br-int\" ct status dnat accept\n"));
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
  CHECK_FALSE(render_nat_script(NatRules{{bridge("a b", "10.1.0.0/24")}, {}}));
}
