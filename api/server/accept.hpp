// Accepting connections without leaking or spinning: accept4 with SOCK_CLOEXEC (Asio's accept
// sets no close-on-exec, so a container started meanwhile would inherit the socket), a cap on
// the live connections of one listener (beyond it new ones wait in the kernel's backlog), and a
// growing pause on EMFILE/ENFILE (the pending connection keeps the listener readable, so
// retrying at once would busy-loop).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/basic_socket_acceptor.hpp>

namespace mydocker::api {

namespace asio = boost::asio;

struct ConnectionSlots {
  explicit ConnectionSlots(int limit) : max(limit) {}
  std::atomic<int> live{0};
  const int max;
  // Last "at its limit" warning and last accept error logged; only the accept loop uses them.
  std::chrono::steady_clock::time_point warned_full =
      std::chrono::steady_clock::now() - std::chrono::hours(1);
  std::chrono::steady_clock::time_point warned_error = warned_full;
};

// Holds one of the slots while a connection lives (moved into its session's coroutine frame).
class ConnectionSlot {
public:
  explicit ConnectionSlot(std::shared_ptr<ConnectionSlots> slots) : m_slots(std::move(slots)) {
    ++m_slots->live;
  }
  ConnectionSlot(ConnectionSlot&& other) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ~ConnectionSlot() {
    if (m_slots)
      --m_slots->live;
  }

private:
  std::shared_ptr<ConnectionSlots> m_slots;
};

// Waits for a free slot and a pending connection; the accepted descriptor (close-on-exec,
// non-blocking), or -1 once the acceptor is closed.
template <class Protocol>
asio::awaitable<int> next_connection(asio::basic_socket_acceptor<Protocol>& acceptor,
                                     ConnectionSlots& slots);

// Makes a listener close-on-exec and non-blocking (accept4 after readiness must never block).
template <class Protocol> void prepare_listener(asio::basic_socket_acceptor<Protocol>& acceptor);

} // namespace mydocker::api
