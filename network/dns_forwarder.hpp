// Relays queries the embedded resolver cannot answer to a container's upstream nameservers
// (its --dns servers, else the host's), from the daemon's namespace (so loopback resolvers
// such as 127.0.0.53 work too). Used only by the
// DnsServer loop thread: not thread-safe. One fresh UDP socket per query: its random port
// matches the answer to the query without rewriting IDs.
#pragma once

#include <netinet/in.h>
#include <poll.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/fd.hpp"

namespace mydocker::network {

struct DnsUpstream {
  std::array<std::uint8_t, 4> address{};
  std::uint16_t port = 53;
};

class DnsForwarder {
public:
  // Sends `query` to `upstream`; its answer goes to `client` through `socket`.
  void forward(std::span<const std::uint8_t> query, const DnsUpstream& upstream,
               std::shared_ptr<Fd> socket, const sockaddr_in& client);
  // Appends the sockets awaiting answers; call handle() with the same vector after poll().
  void add_poll_fds(std::vector<pollfd>& fds) const;
  // Relays the answers that arrived and forgets queries older than the deadline.
  void handle(std::span<const pollfd> fds);
  // Milliseconds until the oldest query expires; -1 when none is pending.
  int next_timeout_ms() const;

private:
  struct Pending {
    Fd upstream;                // connected to the upstream server
    std::shared_ptr<Fd> socket; // the sandbox's 127.0.0.11:53 socket
    sockaddr_in client{};
    std::chrono::steady_clock::time_point deadline;
  };
  std::vector<Pending> m_pending;
};

} // namespace mydocker::network
