#include "api/server/accept.hpp"

#include <fcntl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/log.hpp"

namespace mydocker::api {

namespace {

using namespace std::chrono_literals;

constexpr auto FULL_POLL = 20ms; // at the connection cap: look again this often
constexpr auto WARNING_EVERY = 60s;
constexpr auto FIRST_BACKOFF = 5ms;   // after EMFILE, doubling up to...
constexpr auto LAST_BACKOFF = 1000ms; // ...this (as Go's net/http server does)

bool transient(int err) {
  return err == EAGAIN || err == EWOULDBLOCK || err == EINTR || err == ECONNABORTED ||
         err == EPROTO;
}

asio::awaitable<void> pause(asio::steady_timer& timer, std::chrono::milliseconds how_long) {
  timer.expires_after(how_long);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

} // namespace

template <class Protocol>
asio::awaitable<int> next_connection(asio::basic_socket_acceptor<Protocol>& acceptor,
                                     ConnectionSlots& slots) {
  asio::steady_timer timer(acceptor.get_executor());
  std::chrono::milliseconds backoff = FIRST_BACKOFF;
  bool reported_error = false;
  while (acceptor.is_open()) {
    if (slots.live.load() >= slots.max) {
      if (auto now = std::chrono::steady_clock::now(); now - slots.warned_full > WARNING_EVERY) {
        slots.warned_full = now;
        log::warn("API listener at its limit of " + std::to_string(slots.max) +
                  " connections: new ones wait");
      }
      co_await pause(timer, FULL_POLL);
      continue;
    }
    auto [ec] = co_await acceptor.async_wait(asio::socket_base::wait_read,
                                             asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor.is_open())
      break;
    int fd = ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
      if (reported_error)
        log::info("API listener accepts connections again");
      co_return fd;
    }
    int err = errno;
    if (transient(err))
      continue;
    // Logged once a minute at most: running short of descriptors comes and goes in bursts.
    if (auto now = std::chrono::steady_clock::now(); now - slots.warned_error > WARNING_EVERY) {
      slots.warned_error = now;
      reported_error = true;
      log::error(std::string("accept: ") + std::strerror(err) + ": pausing the API listener");
    }
    co_await pause(timer, backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(LAST_BACKOFF));
  }
  co_return -1;
}

template <class Protocol> void prepare_listener(asio::basic_socket_acceptor<Protocol>& acceptor) {
  int fd = acceptor.native_handle();
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
  boost::system::error_code ignored;
  acceptor.native_non_blocking(true, ignored);
}

template asio::awaitable<int>
next_connection(asio::basic_socket_acceptor<asio::local::stream_protocol>&, ConnectionSlots&);
template asio::awaitable<int> next_connection(asio::basic_socket_acceptor<asio::ip::tcp>&,
                                              ConnectionSlots&);
template void prepare_listener(asio::basic_socket_acceptor<asio::local::stream_protocol>&);
template void prepare_listener(asio::basic_socket_acceptor<asio::ip::tcp>&);

} // namespace mydocker::api
