#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "engine/runtime/pty.hpp"

using namespace mydocker;
using namespace mydocker::runtime;

TEST_CASE("open_pty gives a connected pair that relays both ways") {
  auto pty = open_pty();
  REQUIRE(pty);
  REQUIRE(::isatty(pty->slave.get()));
  REQUIRE(::write(pty->master.get(), "x\n", 2) == 2);
  char buf[8] = {};
  REQUIRE(::read(pty->slave.get(), buf, sizeof buf) >= 1);
  CHECK(buf[0] == 'x');
}

TEST_CASE("window size set on the master is seen on the slave; 0x0 is ignored") {
  auto pty = open_pty();
  REQUIRE(pty);
  REQUIRE(set_window_size(pty->master.get(), {42, 137}));
  REQUIRE(set_window_size(pty->master.get(), {0, 0}));
  auto size = window_size(pty->slave.get());
  REQUIRE(size);
  CHECK(size->rows == 42);
  CHECK(size->cols == 137);
}

TEST_CASE("a descriptor passed over a socketpair refers to the same terminal") {
  int pair[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) == 0);
  Fd a(pair[0]), b(pair[1]);
  auto pty = open_pty();
  REQUIRE(pty);
  REQUIRE(send_fd(a.get(), pty->master.get()));
  auto got = receive_fd(b.get());
  REQUIRE(got);
  REQUIRE(set_window_size(got->get(), {7, 9}));
  CHECK(window_size(pty->slave.get())->rows == 7);
}

TEST_CASE("receive_fd reports a peer that closed without sending") {
  int pair[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) == 0);
  Fd b(pair[1]);
  ::close(pair[0]);
  auto got = receive_fd(b.get());
  REQUIRE_FALSE(got);
  CHECK(got.error().code == Errc::Unavailable);
}
