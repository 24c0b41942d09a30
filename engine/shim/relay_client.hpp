// One daemon connection on the shim's attach socket (engine/shim/io_relay) and the output
// it has not taken yet. Output is queued, never dropped for being slow: the relay stops
// reading the container's output while a subscriber holds too much (the container's writes
// then wait, as with Docker's attach), and only a subscriber that takes nothing for a long
// time after the output has ended, or whose connection fails, is given up.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "common/fd.hpp"

namespace mydocker::shim {

class RelayClient {
public:
  explicit RelayClient(Fd fd) : m_fd(std::move(fd)) {}

  int fd() const { return m_fd.get(); }
  bool subscribed = false;
  bool dropped = false; // its connection failed (or it stalled): to be removed

  // Queues a packet and sends what the socket takes now.
  void push(std::string packet, int64_t now_ms);
  // Sends queued packets until the socket is full (POLLOUT).
  void flush(int64_t now_ms);
  bool has_queued() const { return !m_queue.empty(); }
  size_t queued_bytes() const { return m_queued_bytes; }
  // When it last took a packet, or since when it has had some to take.
  int64_t progress_ms() const { return m_progress_ms; }
  // No more packets from the daemon, what it sent is discarded, then the socket is closed:
  // a unix SEQPACKET socket closed with unread packets makes the peer's next recv fail with
  // ECONNRESET *ahead of* the output still queued for it, and the daemon would lose it.
  void close();

private:
  Fd m_fd;
  std::deque<std::string> m_queue;
  size_t m_queued_bytes = 0;
  int64_t m_progress_ms = 0;
};

} // namespace mydocker::shim
