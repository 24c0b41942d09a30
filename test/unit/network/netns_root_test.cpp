// Root tests: a daemon thread visits a namespace and comes back (no thread spawned), and an
// rtnetlink batch runs every request and reports the first failure.
#include "network/netns.hpp"

#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "network/netlink/link_message.hpp"
#include "network/netlink/rtnl_socket.hpp"
#include "throwaway_netns.hpp"

using namespace mydocker::network;
using namespace mydocker::network::netlink;

namespace {

ino_t thread_netns() {
  struct stat st {};
  REQUIRE(::stat("/proc/thread-self/ns/net", &st) == 0);
  return st.st_ino;
}

ino_t netns_of_fd(int fd) {
  struct stat st {};
  REQUIRE(::fstat(fd, &st) == 0);
  return st.st_ino;
}

} // namespace

TEST_CASE("run_in_netns works on the calling thread and puts it back", "[root][netns]") {
  const ino_t own = thread_netns();
  auto made = create_netns();
  REQUIRE(made);
  CHECK(netns_of_fd(made->get()) != own);
  CHECK(thread_netns() == own);

  ino_t inside = 0;
  pid_t tid = 0;
  REQUIRE(run_in_netns(made->get(), [&] { inside = thread_netns(), tid = ::gettid(); }));
  CHECK(inside == netns_of_fd(made->get()));
  CHECK(tid == ::gettid());
  CHECK(thread_netns() == own);

  REQUIRE(run_in_netns(fresh_netns, [&] { inside = thread_netns(); }));
  CHECK(inside != own);
  CHECK(inside != netns_of_fd(made->get()));
  CHECK(thread_netns() == own);
}

TEST_CASE("run_in_netns refuses an fd that is no namespace and does not run the work",
          "[root][netns]") {
  const ino_t own = thread_netns();
  mydocker::Fd not_a_namespace(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  bool ran = false;
  auto entered = run_in_netns(not_a_namespace.get(), [&] { ran = true; });
  REQUIRE_FALSE(entered);
  CHECK(entered.error().message.find("setns net") == 0);
  CHECK_FALSE(ran);
  CHECK(thread_netns() == own);
}

TEST_CASE("a netlink batch runs every request in order and returns the first failure",
          "[root][netlink]") {
  auto ns = test::new_netns();
  auto nl = RtnlSocket::open_in_netns(ns.get());
  REQUIRE(nl);
  constexpr int lo = 1;
  std::vector<RtnlSocket::Request> batch = {
      {build_set_link_up(nl->next_seq(), lo), "lo up"},
      {build_new_address(nl->next_seq(), lo, *Ipv4Cidr::parse("10.231.8.1/24")), "first address"},
      {build_new_default_route(nl->next_seq(), {10, 231, 99, 1}, lo), "unreachable gateway"},
      {build_new_address(nl->next_seq(), lo, *Ipv4Cidr::parse("10.231.7.1/24")), "last address"}};
  auto ran = nl->request_batch(batch);
  REQUIRE_FALSE(ran);
  CHECK(ran.error().message.find("unreachable gateway") == 0);
  CHECK(ran.error().sys_errno == ENETUNREACH);
  // The kernel went on after the failure: the last address is there (its subnet is routed).
  CHECK(nl->query(build_route_lookup(nl->next_seq(), {10, 231, 7, 5}), "lookup"));
  CHECK_FALSE(nl->query(build_route_lookup(nl->next_seq(), {10, 231, 6, 5}), "lookup"));
  // Every answer of the batch was read: the next request gets its own.
  CHECK(nl->request(build_set_link_up(nl->next_seq(), lo), "lo up again"));
  CHECK(nl->request_batch({}));
}
