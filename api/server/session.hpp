// One HTTP/1.1 connection: read, gate the version, route, write; keep-alive loop.
// Beast lives in session.cpp only.
#pragma once

#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/context.hpp>

#include "api/server/server.hpp"

namespace mydocker::api {

asio::awaitable<void> serve_unix(asio::local::stream_protocol::socket socket,
                                 std::shared_ptr<SessionContext> context);
asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket, asio::ssl::context& tls,
                                std::shared_ptr<SessionContext> context);

} // namespace mydocker::api
