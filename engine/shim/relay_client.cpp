#include "engine/shim/relay_client.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace mydocker::shim {

void RelayClient::push(std::string packet, int64_t now_ms) {
  if (dropped)
    return;
  if (m_queue.empty())
    m_progress_ms = now_ms; // the wait for this packet starts now
  m_queued_bytes += packet.size();
  m_queue.push_back(std::move(packet));
  flush(now_ms);
}

void RelayClient::flush(int64_t now_ms) {
  while (!dropped && !m_queue.empty()) {
    const std::string& packet = m_queue.front();
    ssize_t n = ::send(m_fd.get(), packet.data(), packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EAGAIN)
      return;    // POLLOUT brings us back
    if (n < 0) { // the daemon's end has gone
      dropped = true;
      break;
    }
    m_queued_bytes -= packet.size(); // a SEQPACKET send takes the whole packet
    m_queue.pop_front();
    m_progress_ms = now_ms;
  }
  if (dropped) {
    m_queue.clear();
    m_queued_bytes = 0;
  }
}

void RelayClient::close() {
  if (!m_fd)
    return;
  ::shutdown(m_fd.get(), SHUT_RD); // the daemon's sends now fail with EPIPE
  char unread[256];
  while (::recv(m_fd.get(), unread, sizeof unread, MSG_DONTWAIT) > 0) {
  }
  m_fd.reset();
}

} // namespace mydocker::shim
