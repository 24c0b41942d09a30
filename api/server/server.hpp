// The HTTP server of mydockerd: listeners (unix, tcp+mutual TLS) and connection sessions.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/server/router.hpp"
#include "common/result.hpp"

namespace mydocker::api {

struct TlsFiles {
  bool verify = false; // --tlsverify
  std::string ca_cert;
  std::string cert;
  std::string key;
};

struct ServerOptions {
  size_t body_limit = 64 * 1024 * 1024;
  // POST /images/load and /images/create bodies over 1 MiB go to an unlinked temp file here.
  std::string spill_dir = "/var/tmp";
  uint64_t spill_limit = uint64_t{64} << 30;
  std::chrono::seconds header_timeout{30}; // a client that never finishes its headers
  std::chrono::seconds body_timeout{300};
  std::string server_header = "mydocker/" MYDOCKER_VERSION " (linux)";
  std::string socket_group = "mydocker"; // unix sockets: chgrp when the group exists
  int max_connections = 1024;            // per listener; more wait in the kernel's backlog
  // Long transfers (pull, push, load, import, save, export streams) run here, so a few of
  // them never fill the blocking pool that ps, inspect and create need. null = that pool.
  asio::thread_pool* transfer_pool = nullptr;
};

// Shared by all sessions of one server.
struct SessionContext {
  const Router* router = nullptr;
  asio::thread_pool* pool = nullptr;
  asio::thread_pool* transfer_pool = nullptr;
  ServerOptions options;
  std::atomic<int> live_sessions{0};
};

class Server {
public:
  Server(asio::io_context& io, asio::thread_pool& pool, const Router& router,
         ServerOptions options);
  ~Server();

  // "unix:///path" or "tcp://host:port" (the latter only with TLS verification).
  Result<void> listen(const std::string& host, const TlsFiles& tls);
  // Stops accepting; sessions finish on their own or die with the io_context.
  void stop_accepting();
  int live_sessions() const { return m_context->live_sessions.load(); }

private:
  struct Listener;
  Result<void> listen_unix(const std::string& path);
  Result<void> listen_tcp(const std::string& address, const TlsFiles& tls);

  asio::io_context& m_io;
  std::shared_ptr<SessionContext> m_context;
  std::vector<std::unique_ptr<Listener>> m_listeners;
};

} // namespace mydocker::api
