#include "network/ipam.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

using mydocker::Errc;
using namespace mydocker::network;

namespace {

std::string text(const mydocker::Result<Ipv4Cidr>& r) {
  return r ? r->to_string() : "error: " + r.error().message;
}

} // namespace

TEST_CASE("allocator reserves the first host as gateway and hands out the next ones", "[ipam]") {
  auto a = SubnetAllocator::create("10.9.0.0/24");
  REQUIRE(a);
  CHECK(ipv4_to_string(a->gateway()) == "10.9.0.1");
  CHECK(a->gateway_cidr().to_string() == "10.9.0.1/24");
  CHECK(text(a->allocate()) == "10.9.0.2/24");
  CHECK(text(a->allocate()) == "10.9.0.3/24");
  CHECK(a->allocated_count() == 2);
}

TEST_CASE("allocator takes a custom gateway and skips it", "[ipam]") {
  auto a = SubnetAllocator::create("10.9.0.0/29", "10.9.0.2");
  REQUIRE(a);
  CHECK(text(a->allocate()) == "10.9.0.1/29");
  CHECK(text(a->allocate()) == "10.9.0.3/29");
}

TEST_CASE("network and broadcast are never handed out; exhaustion in Docker's words", "[ipam]") {
  auto a = SubnetAllocator::create("10.9.0.0/30"); // hosts .1 (gateway) and .2
  REQUIRE(a);
  CHECK(text(a->allocate()) == "10.9.0.2/30");
  auto none = a->allocate();
  REQUIRE_FALSE(none);
  CHECK(none.error().code == Errc::Unavailable);
  CHECK(none.error().message == "no available addresses on this pool");
  CHECK_FALSE(a->reserve("10.9.0.3")); // broadcast
  CHECK_FALSE(a->reserve("10.9.0.0")); // network
}

TEST_CASE("release makes the lowest address available again", "[ipam]") {
  auto a = *SubnetAllocator::create("10.9.0.0/24");
  auto first = *a.allocate();
  (void)*a.allocate();
  a.release(first.address);
  a.release(first.address); // idempotent
  CHECK(text(a.allocate()) == "10.9.0.2/24");
}

TEST_CASE("fixed --ip requests", "[ipam]") {
  auto a = *SubnetAllocator::create("10.9.0.0/24");
  CHECK(text(a.reserve("10.9.0.50")) == "10.9.0.50/24");
  CHECK(a.in_use({10, 9, 0, 50}));
  auto taken = a.reserve("10.9.0.50");
  REQUIRE_FALSE(taken);
  CHECK(taken.error().code == Errc::Forbidden);
  CHECK(taken.error().message == "Address already in use");
  CHECK(a.reserve("10.9.0.1").error().message == "Address already in use"); // gateway
  auto outside = a.reserve("10.8.0.5");
  REQUIRE_FALSE(outside);
  CHECK(outside.error().code == Errc::InvalidArgument);
  CHECK(outside.error().message ==
        "no configured subnet or ip-range contain the IP address 10.8.0.5");
  CHECK(a.reserve("10.9.0.x").error().code == Errc::InvalidArgument);
}

TEST_CASE("invalid subnets and gateways are rejected", "[ipam]") {
  auto host_bits = SubnetAllocator::create("10.9.0.5/24");
  REQUIRE_FALSE(host_bits);
  CHECK(host_bits.error().message == "invalid subnet 10.9.0.5/24: it should be 10.9.0.0/24");
  CHECK(SubnetAllocator::create("10.9.0.0/31").error().code == Errc::InvalidArgument);
  CHECK(SubnetAllocator::create("nonsense").error().message == "invalid CIDR address: nonsense");
  auto gw = SubnetAllocator::create("10.9.0.0/24", "10.8.0.1");
  REQUIRE_FALSE(gw);
  CHECK(gw.error().message == "no matching subnet for gateway 10.8.0.1");
  CHECK_FALSE(SubnetAllocator::create("10.9.0.0/24", "10.9.0.255"));
}

TEST_CASE("state round-trips through JSON", "[ipam]") {
  auto a = *SubnetAllocator::create("192.168.16.0/20", "192.168.16.254");
  (void)*a.allocate();
  (void)*a.reserve("192.168.17.9");
  auto json = a.serialize();
  CHECK(json == R"({"Allocated":["192.168.16.1","192.168.17.9"],"Gateway":"192.168.16.254",)"
                R"("Subnet":"192.168.16.0/20"})");
  auto b = SubnetAllocator::deserialize(json);
  REQUIRE(b);
  CHECK(b->subnet() == a.subnet());
  CHECK(b->gateway() == a.gateway());
  CHECK(b->in_use({192, 168, 17, 9}));
  CHECK(text(b->allocate()) == "192.168.16.2/20");
}

TEST_CASE("corrupt state is an Internal error", "[ipam]") {
  for (const char* bad : {"", "[]", R"({"Subnet":"x","Gateway":"y","Allocated":[]})",
                          R"({"Subnet":"10.0.0.0/24","Gateway":"10.0.0.1","Allocated":[1]})"}) {
    auto r = SubnetAllocator::deserialize(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Internal);
  }
}

TEST_CASE("save and load survive a restart", "[ipam]") {
  auto dir = std::filesystem::temp_directory_path() / ("ipam_test." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "n1.json").string();
  auto a = *SubnetAllocator::create("10.9.0.0/24");
  (void)*a.allocate();
  REQUIRE(save_allocator(path, a));
  auto b = load_allocator(path);
  std::filesystem::remove_all(dir);
  REQUIRE(b);
  CHECK(b->serialize() == a.serialize());
  CHECK(load_allocator(path).error().code == Errc::NotFound);
}
