// The embedded resolver's server: one thread answering the UDP sockets bound to
// 127.0.0.11:53 inside each container's network namespace (dockerd's address). Synchronous
// and Asio-free; names come from a resolver callback that the network service owns.
// Names the callback does not know go to the sandbox's upstream resolvers (a second callback,
// asked per query so a connect or disconnect changes them live); SERVFAIL when there are none.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "network/dns_forwarder.hpp"

namespace mydocker::network {

class DnsServer {
public:
  using Addresses = std::vector<std::array<std::uint8_t, 4>>;
  // (sandbox key, lower-case name) -> its IPv4 addresses; nullopt: not a container name.
  using Resolver =
      std::function<std::optional<Addresses>(const std::string& sandbox, const std::string& name)>;

  // sandbox key -> where its unknown names go (first entry used); empty: not forwarded.
  using UpstreamsOf = std::function<std::vector<DnsUpstream>(const std::string& sandbox)>;

  static Result<std::unique_ptr<DnsServer>> start(Resolver resolver, UpstreamsOf upstreams = {});
  ~DnsServer(); // stops and joins the thread
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  // Binds 127.0.0.11:53/udp in the namespace `netns_fd` (its lo must be up) and serves it as
  // `sandbox`. Conflict when the key is already served.
  Result<void> add_sandbox(const std::string& sandbox, int netns_fd);
  // Stops serving; unknown keys are fine.
  void remove_sandbox(const std::string& sandbox);

private:
  DnsServer(Resolver resolver, Fd wakeup, UpstreamsOf upstreams)
      : m_resolver(std::move(resolver)), m_upstreams(std::move(upstreams)),
        m_wakeup(std::move(wakeup)) {}
  void run();
  void wake();
  void answer_one(const std::string& sandbox, const std::shared_ptr<Fd>& socket);

  Resolver m_resolver;
  UpstreamsOf m_upstreams;
  Fd m_wakeup;              // eventfd: tells the loop the socket set changed or it must stop
  DnsForwarder m_forwarder; // loop thread only
  std::mutex m_mutex;
  // Shared so the loop's snapshot keeps a socket open until its poll round ends, even when
  // remove_sandbox() runs meanwhile: no fd is closed (and reused) under the loop's feet.
  std::map<std::string, std::shared_ptr<Fd>> m_sockets; // guarded by m_mutex
  bool m_stopping = false;                              // guarded by m_mutex
  std::thread m_thread;
};

} // namespace mydocker::network
