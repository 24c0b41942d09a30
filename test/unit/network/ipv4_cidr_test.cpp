#include "network/ipv4_cidr.hpp"

#include <catch2/catch.hpp>

using mydocker::Errc;
using mydocker::network::ipv4_from_u32;
using mydocker::network::ipv4_to_string;
using mydocker::network::ipv4_to_u32;
using mydocker::network::Ipv4Cidr;

TEST_CASE("Ipv4Cidr parses gateway address and prefix", "[network]") {
  auto c = Ipv4Cidr::parse("172.17.0.1/16");
  REQUIRE(c);
  CHECK(c->address == std::array<std::uint8_t, 4>{172, 17, 0, 1});
  CHECK(c->prefix == 16);
  CHECK(ipv4_to_string(c->network()) == "172.17.0.0");
  CHECK(ipv4_to_string(c->broadcast()) == "172.17.255.255");
  CHECK(c->to_string() == "172.17.0.1/16");
}

TEST_CASE("Ipv4Cidr edge prefixes", "[network]") {
  CHECK(ipv4_to_string(Ipv4Cidr::parse("10.1.2.3/0")->broadcast()) == "255.255.255.255");
  CHECK(ipv4_to_string(Ipv4Cidr::parse("10.1.2.3/32")->network()) == "10.1.2.3");
  CHECK(ipv4_to_string(Ipv4Cidr::parse("10.231.7.1/24")->broadcast()) == "10.231.7.255");
}

TEST_CASE("Ipv4Cidr rejects malformed input with Go's wording", "[network]") {
  for (const char* bad : {"", "172.17.0.1", "172.17.0.1/", "172.17.0.1/33", "172.17.0.1/-1",
                          "172.17.0/16", "300.1.1.1/8", "1.2.3.4/16x", "::1/64"}) {
    auto c = Ipv4Cidr::parse(bad);
    REQUIRE_FALSE(c);
    CHECK(c.error().code == Errc::InvalidArgument);
    CHECK(c.error().message == std::string("invalid CIDR address: ") + bad);
  }
}

TEST_CASE("Ipv4Cidr masked, contains and overlaps", "[network]") {
  auto a = *Ipv4Cidr::parse("10.9.0.5/24");
  CHECK(a.masked().to_string() == "10.9.0.0/24");
  CHECK(a.contains({10, 9, 0, 255}));
  CHECK_FALSE(a.contains({10, 9, 1, 0}));
  CHECK(a.overlaps(*Ipv4Cidr::parse("10.0.0.0/8")));
  CHECK(Ipv4Cidr::parse("10.0.0.0/8")->overlaps(a));
  CHECK_FALSE(a.overlaps(*Ipv4Cidr::parse("10.9.1.0/24")));
  CHECK(ipv4_from_u32(ipv4_to_u32({192, 168, 1, 2})) ==
        std::array<std::uint8_t, 4>{192, 168, 1, 2});
  CHECK(mydocker::network::parse_ipv4("1.2.3.4"));
  CHECK_FALSE(mydocker::network::parse_ipv4("1.2.3.4/8"));
}
