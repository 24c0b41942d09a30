// The shim's per-subscriber output queue (engine/shim/relay_client): a subscriber that does
// not read for a while loses nothing; one whose connection has gone is dropped.
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

#include "engine/shim/relay_client.hpp"

using namespace mydocker;

namespace {

struct SocketPair {
  Fd shim_end, daemon_end;
  SocketPair() {
    int sv[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
    shim_end.reset(sv[0]);
    daemon_end.reset(sv[1]);
  }
};

std::string packet_number(int i) {
  return std::string(1, '\1') + std::to_string(i) + std::string(4000, 'x');
}

} // namespace

TEST_CASE("a subscriber that does not read keeps every packet queued, in order") {
  SocketPair pair;
  shim::RelayClient client(std::move(pair.shim_end));
  constexpr int COUNT = 400; // about 1.6 MB: far more than the socket holds
  for (int i = 0; i < COUNT; ++i)
    client.push(packet_number(i), i);
  CHECK_FALSE(client.dropped);
  CHECK(client.has_queued());
  CHECK(client.progress_ms() < COUNT - 1); // it stopped taking packets at some point

  std::string buf(64 * 1024, '\0');
  for (int i = 0; i < COUNT; ++i) {
    ssize_t n = ::recv(pair.daemon_end.get(), buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0) { // what the socket held is read: the rest comes on POLLOUT
      client.flush(1000 + i);
      n = ::recv(pair.daemon_end.get(), buf.data(), buf.size(), MSG_DONTWAIT);
    }
    REQUIRE(n > 0);
    REQUIRE(buf.substr(0, static_cast<size_t>(n)) == packet_number(i));
  }
  CHECK_FALSE(client.has_queued());
  CHECK(client.queued_bytes() == 0);
}

TEST_CASE("a subscriber whose connection has gone is dropped") {
  SocketPair pair;
  shim::RelayClient client(std::move(pair.shim_end));
  pair.daemon_end.reset();
  client.push(packet_number(1), 0);
  CHECK(client.dropped);
  CHECK_FALSE(client.has_queued());
}
