#include "api/server/server.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/server/accept.hpp"
#include "api/server/session.hpp"
#include "common/log.hpp"

namespace mydocker::api {

using asio::ip::tcp;
using unix_proto = asio::local::stream_protocol;

struct Server::Listener {
  std::unique_ptr<unix_proto::acceptor> unix_acceptor;
  std::unique_ptr<tcp::acceptor> tcp_acceptor;
  std::unique_ptr<asio::ssl::context> tls;
  std::string unix_path;
  std::shared_ptr<ConnectionSlots> slots;
};

namespace {

// Each connection gets its own strand; an exception ends only that connection.
void log_session_end(std::exception_ptr e) {
  if (!e)
    return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log::error(std::string("connection ended by an unexpected error: ") + ex.what());
  }
}

// The session's coroutine frame owns the slot: it is freed however the session ends.
asio::awaitable<void> holding([[maybe_unused]] ConnectionSlot slot, asio::awaitable<void> session) {
  co_await std::move(session);
}

// One accept loop for both listeners: a strand and a session per connection, the slot held
// by the session's frame.
template <class Acceptor, class Serve>
asio::awaitable<void> accept_loop(Acceptor& acceptor, std::shared_ptr<ConnectionSlots> slots,
                                  Serve serve) {
  for (;;) {
    int fd = co_await next_connection(acceptor, *slots);
    if (fd < 0)
      co_return;
    auto strand = asio::make_strand(acceptor.get_executor());
    typename Acceptor::protocol_type::socket socket(strand);
    boost::system::error_code ec;
    auto protocol = acceptor.local_endpoint(ec).protocol();
    if (!ec)
      socket.assign(protocol, fd, ec);
    if (ec) {
      ::close(fd); // never let one bad accept end the accept loop
      continue;
    }
    asio::co_spawn(strand, holding(ConnectionSlot(slots), serve(std::move(socket))),
                   log_session_end);
  }
}

asio::awaitable<void> accept_unix(unix_proto::acceptor& acceptor,
                                  std::shared_ptr<SessionContext> ctx,
                                  std::shared_ptr<ConnectionSlots> slots) {
  return accept_loop(acceptor, std::move(slots), [ctx](unix_proto::socket socket) {
    return serve_unix(std::move(socket), ctx);
  });
}

asio::awaitable<void> accept_tcp(tcp::acceptor& acceptor, asio::ssl::context& tls,
                                 std::shared_ptr<SessionContext> ctx,
                                 std::shared_ptr<ConnectionSlots> slots) {
  return accept_loop(acceptor, std::move(slots), [ctx, &tls](tcp::socket socket) {
    return serve_tls(std::move(socket), tls, ctx);
  });
}

} // namespace

Server::Server(asio::io_context& io, asio::thread_pool& pool, const Router& router,
               ServerOptions options)
    : m_io(io), m_context(std::make_shared<SessionContext>()) {
  m_context->router = &router;
  m_context->pool = &pool;
  m_context->transfer_pool = options.transfer_pool ? options.transfer_pool : &pool;
  m_context->options = std::move(options);
}

Server::~Server() {
  stop_accepting();
}

Result<void> Server::listen(const std::string& host, const TlsFiles& tls) {
  if (host.rfind("unix://", 0) == 0)
    return listen_unix(host.substr(7));
  if (host.rfind("tcp://", 0) == 0)
    return listen_tcp(host.substr(6), tls);
  if (host.rfind("fd://", 0) == 0)
    return invalid_argument("socket activation (fd://) is not supported: use unix:// or tcp://");
  return invalid_argument("invalid host: " + host + " (want unix:///path or tcp://host:port)");
}

Result<void> Server::listen_unix(const std::string& path) {
  if (path.empty())
    return invalid_argument("invalid unix socket path in host unix://");
  ::unlink(path.c_str()); // a stale socket of a previous daemon (the pidfile guards live ones)
  auto listener = std::make_unique<Listener>();
  listener->unix_path = path;
  listener->unix_acceptor = std::make_unique<unix_proto::acceptor>(m_io);
  boost::system::error_code ec;
  auto& acc = *listener->unix_acceptor;
  acc.open(unix_proto(), ec);
  if (!ec)
    prepare_listener(acc);
  if (!ec)
    acc.bind(unix_proto::endpoint(path), ec);
  if (!ec)
    acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return make_error(Errc::Internal, "listen on " + path + ": " + ec.message());
  ::chmod(path.c_str(), 0660);
  if (group* g = ::getgrnam(m_context->options.socket_group.c_str()))
    (void)::chown(path.c_str(), 0, g->gr_gid);
  listener->slots = std::make_shared<ConnectionSlots>(m_context->options.max_connections);
  asio::co_spawn(m_io, accept_unix(acc, m_context, listener->slots), asio::detached);
  log::info("API listen on " + path);
  m_listeners.push_back(std::move(listener));
  return {};
}

Result<void> Server::listen_tcp(const std::string& address, const TlsFiles& tls) {
  if (!tls.verify || tls.ca_cert.empty() || tls.cert.empty() || tls.key.empty())
    return invalid_argument("refusing to listen on tcp://" + address +
                            " without mutual TLS: pass --tlsverify --tlscacert --tlscert --tlskey");
  size_t colon = address.rfind(':');
  if (colon == std::string::npos)
    return invalid_argument("invalid tcp address " + address + ": want host:port");
  std::string host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[')
    host = host.substr(1, host.size() - 2);
  auto listener = std::make_unique<Listener>();
  listener->tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  boost::system::error_code ec;
  auto& ctx = *listener->tls;
  ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  ctx.load_verify_file(tls.ca_cert, ec);
  if (!ec)
    ctx.use_certificate_chain_file(tls.cert, ec);
  if (!ec)
    ctx.use_private_key_file(tls.key, asio::ssl::context::pem, ec);
  if (ec)
    return invalid_argument("could not load TLS files: " + ec.message());
  ctx.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
  auto addr = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec)
    return invalid_argument("invalid tcp address " + address + ": " + ec.message());
  int port = std::atoi(address.substr(colon + 1).c_str());
  listener->tcp_acceptor = std::make_unique<tcp::acceptor>(m_io);
  auto& acc = *listener->tcp_acceptor;
  tcp::endpoint endpoint(addr, static_cast<unsigned short>(port));
  acc.open(endpoint.protocol(), ec);
  if (!ec)
    prepare_listener(acc);
  if (!ec)
    acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acc.bind(endpoint, ec);
  if (!ec)
    acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return make_error(Errc::Internal, "listen on tcp://" + address + ": " + ec.message());
  listener->slots = std::make_shared<ConnectionSlots>(m_context->options.max_connections);
  asio::co_spawn(m_io, accept_tcp(acc, ctx, m_context, listener->slots), asio::detached);
  log::info("API listen on " + address);
  m_listeners.push_back(std::move(listener));
  return {};
}

void Server::stop_accepting() {
  for (auto& l : m_listeners) {
    boost::system::error_code ignored;
    if (l->unix_acceptor) {
      l->unix_acceptor->close(ignored);
      ::unlink(l->unix_path.c_str());
    }
    if (l->tcp_acceptor)
      l->tcp_acceptor->close(ignored);
  }
}

} // namespace mydocker::api
