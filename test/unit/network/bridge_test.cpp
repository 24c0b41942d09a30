#include "network/bridge.hpp"

#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <thread>

#include "common/fd.hpp"

using namespace mydocker;
using namespace mydocker::network;

TEST_CASE("ensure_bridge validates its arguments before touching the kernel", "[network]") {
  auto r = ensure_bridge("name-that-is-too-long", "10.0.0.1/8");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::InvalidArgument);
  r = ensure_bridge("br0", "10.0.0.1");
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "invalid CIDR address: 10.0.0.1");
  CHECK(ensure_bridge("none", "garbage")); // -b none: no default bridge
}
