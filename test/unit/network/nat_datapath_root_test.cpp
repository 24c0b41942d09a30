// End to end in throwaway namespaces: a "host" namespace with a bridge, NAT rules and the
// loopback, a "container" namespace behind a veth serving TCP. Proves the pieces fit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <optional>

#include "network/netlink/rtnl_socket.hpp"
#include "network/nft_applier.hpp"
#include "network/sysctl.hpp"
#include "network/veth.hpp"
#include "throwaway_netns.hpp"

using namespace mydocker::network;
using namespace mydocker::network::netlink;
using mydocker::Fd;
using mydocker::network::test::new_netns;
using mydocker::network::test::run_in_netns;

namespace {

void set_up(RtnlSocket& nl, const std::string& name) {
  auto reply = nl.query(build_get_link(nl.next_seq(), name), "get " + name);
  REQUIRE(reply);
  REQUIRE(nl.request(build_set_link_up(nl.next_seq(), parse_link(*reply)->index), "up"));
}

sockaddr_in endpoint(const char* ip, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, ip, &sa.sin_addr);
  return sa;
}

void set_timeouts(int fd) {
  timeval tv{3, 0}; // a broken path fails the test in seconds instead of hanging it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// A listening socket created on a thread inside `netns`: it belongs to that namespace.
Fd listen_in(const Fd& netns, const char* ip, std::uint16_t port) {
  Fd out;
  run_in_netns(netns, [&] {
    Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    auto sa = endpoint(ip, port);
    REQUIRE(::bind(s.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
    REQUIRE(::listen(s.get(), 4) == 0);
    set_timeouts(s.get());
    out = std::move(s);
  });
  return out;
}

// Connects from `netns` to ip:port, and checks the server sees one byte and the peer address.
std::string round_trip(const Fd& netns, const Fd& server, const char* ip, std::uint16_t port) {
  Fd client;
  run_in_netns(netns, [&] {
    client = Fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    set_timeouts(client.get());
    auto sa = endpoint(ip, port);
    REQUIRE(::connect(client.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  });
  sockaddr_in peer{};
  socklen_t len = sizeof peer;
  Fd conn(::accept(server.get(), reinterpret_cast<sockaddr*>(&peer), &len));
  REQUIRE(conn);
  REQUIRE(::write(client.get(), "x", 1) == 1);
  char c = 0;
  REQUIRE(::read(conn.get(), &c, 1) == 1);
  CHECK(c == 'x');
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
  return text;
}

int make_bridge(RtnlSocket& nl, const std::string& name, const char* cidr) {
  REQUIRE(nl.request(build_new_bridge(nl.next_seq(), name), "bridge"));
  set_up(nl, name);
  auto link = *parse_link(*nl.query(build_get_link(nl.next_seq(), name), "get"));
  REQUIRE(nl.request(build_new_address(nl.next_seq(), link.index, *Ipv4Cidr::parse(cidr)), "ad"));
  return link.index;
}

VethEndpoint endpoint(const std::string& host_name, const std::string& bridge, const Fd& netns,
                      const char* cidr, std::optional<std::array<std::uint8_t, 4>> gateway) {
  VethEndpoint ep;
  ep.host_name = host_name;
  ep.bridge = bridge;
  ep.netns_fd = netns.get();
  ep.address = *Ipv4Cidr::parse(cidr);
  ep.mac = mac_for_address(ep.address.address);
  ep.gateway = gateway;
  return ep;
}

NatRules one_bridge_rules() {
  NatRules rules;
  rules.bridges.push_back({"mdtestbr0", *Ipv4Cidr::parse("10.231.9.0/24"), false});
  return rules;
}

} // namespace

TEST_CASE("a published port answers on the host's loopback through DNAT", "[root][nft][veth]") {
  auto host_ns = new_netns();
  auto container_ns = new_netns();
  auto host = *RtnlSocket::open_in_netns(host_ns.get());
  auto container = *RtnlSocket::open_in_netns(container_ns.get());
  set_up(host, "lo");
  set_up(container, "lo");
  REQUIRE(host.request(build_new_bridge(host.next_seq(), "mdtestbr0"), "bridge"));
  set_up(host, "mdtestbr0");
  auto bridge = *parse_link(*host.query(build_get_link(host.next_seq(), "mdtestbr0"), "get"));
  REQUIRE(host.request(
      build_new_address(host.next_seq(), bridge.index, *Ipv4Cidr::parse("10.231.9.1/24")), "addr"));
  auto ep = endpoint("vethdatapth", "mdtestbr0", container_ns, "10.231.9.2/24",
                     std::array<std::uint8_t, 4>{10, 231, 9, 1});
  REQUIRE(create_veth_endpoint(host, container, ep));

  PublishedPort web;
  web.host_port = 18080;
  web.container_ip = {10, 231, 9, 2};
  web.container_port = 80;
  run_in_netns(host_ns, [&] { // /proc/sys/net and nftables act on the thread's namespace
    REQUIRE(enable_route_localnet("mdtestbr0"));
    REQUIRE(install_nat_rules(one_bridge_rules()));       // daemon start
    auto added = add_published_ports(std::span(&web, 1)); // container start
    INFO((added ? "" : added.error().message));
    REQUIRE(added);
  });

  auto server = listen_in(container_ns, "0.0.0.0", 80);
  // Straight to the container over the bridge.
  CHECK(round_trip(host_ns, server, "10.231.9.2", 80) == "10.231.9.1");
  // 127.0.0.1:18080 on the host: DNAT in output, loopback source masqueraded to the bridge.
  CHECK(round_trip(host_ns, server, "127.0.0.1", 18080) == "10.231.9.1");
  // The host's bridge address works too (any host address is published).
  CHECK(round_trip(host_ns, server, "10.231.9.1", 18080) == "10.231.9.1");
}

TEST_CASE("outbound traffic is masqueraded to the host's address", "[root][nft][veth]") {
  auto host_ns = new_netns();
  auto container_ns = new_netns();
  auto outside_ns = new_netns(); // the test's "outside" host, routed from the host namespace
  auto host = *RtnlSocket::open_in_netns(host_ns.get());
  auto container = *RtnlSocket::open_in_netns(container_ns.get());
  auto outside = *RtnlSocket::open_in_netns(outside_ns.get());
  make_bridge(host, "mdtestbr0", "10.231.9.1/24");
  make_bridge(host, "mdtestout", "10.99.0.1/24"); // the host's "uplink", not a docker network
  REQUIRE(create_veth_endpoint(host, container,
                               endpoint("vethctr", "mdtestbr0", container_ns, "10.231.9.2/24",
                                        std::array<std::uint8_t, 4>{10, 231, 9, 1})));
  // The outside host has no route back to 10.231.9.0/24: only NAT makes answers possible.
  REQUIRE(create_veth_endpoint(
      host, outside, endpoint("vethout", "mdtestout", outside_ns, "10.99.0.2/24", std::nullopt)));
  run_in_netns(host_ns, [&] {
    REQUIRE(enable_ip_forwarding());
    REQUIRE(install_nat_rules(one_bridge_rules()));
  });
  auto server = listen_in(outside_ns, "10.99.0.2", 80);
  CHECK(round_trip(container_ns, server, "10.99.0.2", 80) == "10.99.0.1");
}

namespace {

// True when a TCP connection from `netns` to ip:port completes within `ms` milliseconds.
bool connects_within(const Fd& netns, const char* ip, std::uint16_t port, int ms) {
  bool connected = false;
  run_in_netns(netns, [&] {
    Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    auto sa = endpoint(ip, port);
    if (::connect(s.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) {
      connected = true;
      return;
    }
    pollfd pfd{s.get(), POLLOUT, 0};
    int err = 0;
    socklen_t len = sizeof err;
    connected = ::poll(&pfd, 1, ms) == 1 &&
                ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
  });
  return connected;
}

} // namespace

TEST_CASE("containers on two bridges cannot reach each other", "[root][nft][veth]") {
  auto host_ns = new_netns();
  auto a_ns = new_netns();
  auto b_ns = new_netns();
  auto host = *RtnlSocket::open_in_netns(host_ns.get());
  auto a = *RtnlSocket::open_in_netns(a_ns.get());
  auto b = *RtnlSocket::open_in_netns(b_ns.get());
  make_bridge(host, "mdtestbr0", "10.231.9.1/24");
  make_bridge(host, "mdtestbr1", "10.231.10.1/24");
  REQUIRE(create_veth_endpoint(host, a,
                               endpoint("vetha", "mdtestbr0", a_ns, "10.231.9.2/24",
                                        std::array<std::uint8_t, 4>{10, 231, 9, 1})));
  REQUIRE(create_veth_endpoint(host, b,
                               endpoint("vethb", "mdtestbr1", b_ns, "10.231.10.2/24",
                                        std::array<std::uint8_t, 4>{10, 231, 10, 1})));
  run_in_netns(host_ns, [&] { REQUIRE(enable_ip_forwarding()); });
  auto server = listen_in(b_ns, "0.0.0.0", 80);
  // Routed without our rules: the path exists, so a failure below is the rules' doing.
  CHECK(round_trip(a_ns, server, "10.231.10.2", 80) == "10.231.9.2");

  NatRules rules = one_bridge_rules();
  rules.bridges.push_back({"mdtestbr1", *Ipv4Cidr::parse("10.231.10.0/24"), false});
  run_in_netns(host_ns, [&] { REQUIRE(install_nat_rules(rules)); });
  CHECK_FALSE(connects_within(a_ns, "10.231.10.2", 80, 500));
  // The host itself (the gateway) stays reachable from both networks.
  auto gateway_server = listen_in(host_ns, "10.231.9.1", 81);
  CHECK(round_trip(a_ns, gateway_server, "10.231.9.1", 81) == "10.231.9.2");
}
