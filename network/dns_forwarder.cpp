#include "network/dns_forwarder.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace mydocker::network {
namespace {

// A client retries after ~5 s (resolv.conf's default timeout); no answer is useful after.
constexpr auto query_lifetime = std::chrono::seconds(5);

Fd connect_udp(const DnsUpstream& upstream) {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(upstream.port);
  std::memcpy(&sa.sin_addr, upstream.address.data(), 4);
  if (s && ::connect(s.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0)
    return Fd();
  return s;
}

} // namespace

void DnsForwarder::forward(std::span<const std::uint8_t> query, const DnsUpstream& to,
                           std::shared_ptr<Fd> socket, const sockaddr_in& client) {
  Fd upstream = connect_udp(to);
  if (!upstream || ::send(upstream.get(), query.data(), query.size(), 0) < 0)
    return; // the client times out and retries, as with a lost packet
  m_pending.push_back(Pending{std::move(upstream), std::move(socket), client,
                              std::chrono::steady_clock::now() + query_lifetime});
}

void DnsForwarder::add_poll_fds(std::vector<pollfd>& fds) const {
  for (const auto& p : m_pending)
    fds.push_back({p.upstream.get(), POLLIN, 0});
}

void DnsForwarder::handle(std::span<const pollfd> fds) {
  auto now = std::chrono::steady_clock::now();
  std::vector<Pending> kept;
  for (auto& p : m_pending) {
    auto ready = std::find_if(fds.begin(), fds.end(), [&](const pollfd& f) {
      return f.fd == p.upstream.get() && (f.revents & POLLIN);
    });
    if (ready != fds.end()) {
      std::uint8_t buf[4096];
      ssize_t n = ::recv(p.upstream.get(), buf, sizeof buf, 0);
      if (n > 0)
        ::sendto(p.socket->get(), buf, static_cast<std::size_t>(n), 0,
                 reinterpret_cast<const sockaddr*>(&p.client), sizeof p.client);
      continue; // answered (or refused): done with this query
    }
    if (p.deadline > now)
      kept.push_back(std::move(p));
  }
  m_pending = std::move(kept);
}

int DnsForwarder::next_timeout_ms() const {
  if (m_pending.empty())
    return -1;
  auto first =
      std::min_element(m_pending.begin(), m_pending.end(),
                       [](const Pending& a, const Pending& b) { return a.deadline < b.deadline; });
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      first->deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<long>(0, left.count()));
}

} // namespace mydocker::network
