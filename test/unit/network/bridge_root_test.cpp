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

namespace {

// Runs fn on a thread that has unshared its network namespace: the namespace (and
// every link made in it) disappears with the thread, whatever fn does.
std::string in_throwaway_netns(const std::function<std::string()>& fn) {
  std::string out;
  std::thread t([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      out = std::string("unshare: ") + std::strerror(errno);
      return;
    }
    out = fn();
  });
  t.join();
  return out;
}

// Observes the link with plain ioctls, independently of our netlink code.
std::string describe_link(const std::string& name) {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq req{};
  std::strncpy(req.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (::ioctl(s.get(), SIOCGIFFLAGS, &req) != 0)
    return "missing";
  std::string out = (req.ifr_flags & IFF_UP) ? "up" : "down";
  ethtool_drvinfo info{};
  info.cmd = ETHTOOL_GDRVINFO;
  req.ifr_data = reinterpret_cast<char*>(&info);
  if (::ioctl(s.get(), SIOCETHTOOL, &req) == 0)
    out += std::string(" driver=") + info.driver;
  if (::ioctl(s.get(), SIOCGIFADDR, &req) == 0) {
    char buf[INET_ADDRSTRLEN];
    auto* sin = reinterpret_cast<sockaddr_in*>(&req.ifr_addr);
    out += std::string(" addr=") + ::inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf));
  }
  return out;
}

template <class T> std::string result_text(const Result<T>& r) {
  return r ? "ok" : r.error().message;
}

} // namespace

TEST_CASE("ensure_bridge creates, keeps and delete_bridge removes a bridge", "[network][root]") {
  auto log = in_throwaway_netns([] {
    std::string s = result_text(ensure_bridge("mdtest0", "10.231.250.1/24"));
    s += " | " + describe_link("mdtest0");
    s += " | " + result_text(ensure_bridge("mdtest0", "10.231.250.1/24")); // idempotent
    s += " | " + describe_link("mdtest0");
    s += " | " + result_text(delete_bridge("mdtest0"));
    s += " | " + describe_link("mdtest0");
    s += " | " + result_text(delete_bridge("mdtest0")); // already gone: fine
    return s;
  });
  CHECK(log == "ok | up driver=bridge addr=10.231.250.1 | ok | up driver=bridge addr=10.231.250.1"
               " | ok | missing | ok");
}

TEST_CASE("ensure_bridge refuses a non-bridge link of that name", "[network][root]") {
  auto log = in_throwaway_netns([] { return result_text(ensure_bridge("lo", "10.0.0.1/8")); });
  CHECK(log == "bridge lo exists and is not a bridge (kind \"\")");
}
