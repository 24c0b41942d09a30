// HTTP/1.1 sessions over Beast (the only Beast-heavy translation unit of the server).
#include "api/server/session.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "api/server/body_spill.hpp"
#include "api/server/error_status.hpp"
#include "api/server/http_text.hpp"
#include "api/server/raw_stream_impl.hpp"
#include "api/server/run_blocking.hpp"
#include "api/server/version_gate.hpp"
#include "common/log.hpp"

namespace mydocker::api {

namespace beast = boost::beast;
namespace http = beast::http;
using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

using UnixStream = beast::basic_stream<asio::local::stream_protocol>;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

template <class Stream> class Session final : public Responder {
public:
  Session(Stream& stream, SessionContext& context) : m_stream(stream), m_ctx(context) {}

  asio::awaitable<void> run() {
    while (!m_close) {
      http::request_parser<http::empty_body> head;
      head.header_limit(64 * 1024);
      head.body_limit(boost::none); // checked by the parser that reads the body
      bool got_header = co_await read_header(head);
      if (!got_header)
        break;
      bool got_request = false; // false ends the connection
      uint64_t length = head.content_length().value_or(0);
      bool spill = wants_spill(head.get(), length, head.chunked());
      bool fits = true;
      if (spill) // statvfs: on the pool, as every disk call
        fits = co_await run_blocking(*m_ctx.pool, [&] {
          return spill_fits(m_ctx.options.spill_dir, length, m_ctx.options.spill_limit);
        });
      if (length > (spill ? m_ctx.options.spill_limit : m_ctx.options.body_limit) || !fits) {
        m_close = true;
        co_await send(413, "application/json", error_body("request body is too large"), {});
        break;
      }
      if (spill)
        got_request = co_await serve_spilled(head);
      else
        got_request = co_await serve_buffered(head);
      if (!got_request)
        break;
    }
    beast::error_code ignored;
    beast::get_lowest_layer(m_stream).socket().shutdown(asio::socket_base::shutdown_both, ignored);
  }

  asio::awaitable<void> send(int status, std::string_view content_type, std::string body,
                             std::map<std::string, std::string> extra) override {
    m_responded = true;
    bool no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
    std::string head = status_line(status) + common_headers();
    if (!content_type.empty())
      head += "Content-Type: " + std::string(content_type) + "\r\n";
    for (auto& [k, v] : extra)
      head += k + ": " + v + "\r\n";
    if (!no_body)
      head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    head += "\r\n";
    if (!m_head && !no_body)
      head += body;
    bool written = co_await write_raw(head);
    if (!written)
      m_close = true;
  }

  asio::awaitable<void> begin_stream(int status, std::string_view content_type,
                                     std::map<std::string, std::string> extra) override {
    m_responded = true;
    std::string head = status_line(status) + common_headers();
    head += "Content-Type: " + std::string(content_type) + "\r\n";
    for (auto& [k, v] : extra)
      head += k + ": " + v + "\r\n";
    head += "Transfer-Encoding: chunked\r\n\r\n";
    bool written = co_await write_raw(head);
    if (!written)
      m_close = true;
  }

  asio::awaitable<bool> write_chunk(std::string_view data) override {
    if (data.empty() || m_close)
      co_return !m_close;
    char size[32];
    int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string chunk(size, static_cast<size_t>(n));
    chunk.append(data).append("\r\n");
    bool written = co_await write_raw(chunk);
    if (!written)
      m_close = true;
    co_return !m_close;
  }

  asio::awaitable<void> end_stream() override {
    if (m_close)
      co_return;
    // GCC 12 miscompiles co_await inside && / || and conditions: keep it a statement.
    bool written = co_await write_raw("0\r\n\r\n");
    if (!written)
      m_close = true;
  }

  asio::awaitable<std::unique_ptr<RawStream>> hijack(std::string_view content_type) override {
    m_responded = true;
    m_close = true; // the connection belongs to the handler until it is released
    std::string head;
    if (m_upgrade)
      head = status_line(101) + "Content-Type: " + std::string(content_type) +
             "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n" + common_headers() + "\r\n";
    else
      head = status_line(200) + common_headers() +
             "Content-Type: application/vnd.docker.raw-stream\r\n\r\n";
    co_await write_raw(head);
    co_return make_raw_stream(m_stream, m_buffer);
  }

  asio::thread_pool& blocking_pool() override { return *m_ctx.pool; }
  asio::thread_pool& transfer_pool() override { return *m_ctx.transfer_pool; }

private:
  template <class Parser> asio::awaitable<bool> read_header(Parser& parser) {
    auto& lowest = beast::get_lowest_layer(m_stream);
    lowest.expires_after(m_ctx.options.header_timeout);
    auto [ec, n] = co_await http::async_read_header(m_stream, m_buffer, parser, as_tuple_awaitable);
    lowest.expires_never();
    if (!ec) {
      if (header_has_token(parser.get()[http::field::expect], "100-continue"))
        co_await write_raw("HTTP/1.1 100 Continue\r\n\r\n");
      co_return true;
    }
    bool ok = co_await read_failed(ec);
    co_return ok;
  }

  template <class Parser> asio::awaitable<bool> read_body(Parser& parser) {
    auto& lowest = beast::get_lowest_layer(m_stream);
    lowest.expires_after(m_ctx.options.body_timeout);
    beast::error_code ec;
    size_t n = 0;
    if (!parser.is_done())
      std::tie(ec, n) = co_await http::async_read(m_stream, m_buffer, parser, as_tuple_awaitable);
    lowest.expires_never();
    if (!ec)
      co_return true;
    bool ok = co_await read_failed(ec);
    co_return ok;
  }

  asio::awaitable<bool> serve_buffered(http::request_parser<http::empty_body>& head) {
    http::request_parser<http::string_body> parser(std::move(head));
    parser.body_limit(m_ctx.options.body_limit);
    bool got = co_await read_body(parser);
    if (got)
      co_await dispatch(parser.get(), -1);
    co_return got;
  }

  // Image archives may be far larger than memory should hold: an unlinked temp file, written
  // piece by piece on the blocking pool (the reactor never writes to disk).
  asio::awaitable<bool> serve_spilled(http::request_parser<http::empty_body>& head) {
    http::request_parser<http::buffer_body> parser(std::move(head));
    parser.body_limit(m_ctx.options.spill_limit);
    Fd body_fd = co_await run_blocking(*m_ctx.pool,
                                       [&] { return open_spill_file(m_ctx.options.spill_dir); });
    if (!body_fd) {
      m_close = true;
      co_await send(500, "application/json", error_body("cannot store the request body"), {});
      co_return false;
    }
    std::vector<char> buf(256 * 1024);
    while (!parser.is_done()) {
      parser.get().body().data = buf.data();
      parser.get().body().size = buf.size();
      // Per read, not per body: a big upload may take longer than body_timeout in all.
      beast::get_lowest_layer(m_stream).expires_after(m_ctx.options.body_timeout);
      auto [ec, n] = co_await http::async_read(m_stream, m_buffer, parser, as_tuple_awaitable);
      beast::get_lowest_layer(m_stream).expires_never();
      if (ec && ec != http::error::need_buffer) {
        bool ok = co_await read_failed(ec);
        co_return ok;
      }
      size_t got = buf.size() - parser.get().body().size;
      bool written = co_await run_blocking(
          *m_ctx.pool, [&] { return write_all(body_fd.get(), buf.data(), got); });
      if (!written) {
        m_close = true;
        co_await send(413, "application/json", error_body("request body is too large"), {});
        co_return false;
      }
    }
    co_await dispatch(parser.get(), body_fd.get());
    co_return true;
  }

  // Answers what can be answered (413, 400); always false: the connection ends.
  asio::awaitable<bool> read_failed(beast::error_code ec) {
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      m_close = true;
      co_await send(413, "application/json", error_body("request body is too large"), {});
    } else if (ec.category() == beast::error_code(http::error::end_of_stream).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      m_close = true;
      co_await send(400, "application/json", error_body("malformed HTTP request: " + ec.message()),
                    {});
    }
    co_return false;
  }

  template <class Body> asio::awaitable<void> dispatch(http::request<Body>& raw, int body_fd) {
    Request request = to_request(raw);
    request.body_fd = body_fd;
    m_head = request.method == "HEAD";
    m_responded = false;
    bool failed = false;
    try {
      co_await route(request);
    } catch (const std::exception& e) {
      log::error(std::string("request ") + request.method + " " + request.path + ": " + e.what());
      failed = true;
    }
    if (failed || !m_responded) {
      m_close = m_close || m_responded; // a half-written response cannot be repaired
      if (!m_responded)
        co_await send(500, "application/json", error_body("internal error handling the request"),
                      {});
    }
  }

  asio::awaitable<void> route(Request& request) {
    auto version = check_api_version(request.version_text);
    if (!version) {
      Error bad_version = version.error();
      co_await send_error(bad_version);
      co_return;
    }
    request.version = *version;
    if (request.method == "OPTIONS") {
      co_await send(200, "", "", {});
      co_return;
    }
    const Handler* handler = m_ctx.router->match(request);
    if (!handler) {
      // Named, not a temporary: GCC 12 mishandles temporaries bound to references in co_await.
      Error not_found{Errc::NotFound, 0, "page not found"};
      co_await send_error(not_found);
      co_return;
    }
    co_await (*handler)(request, *this);
  }

  template <class Body> Request to_request(http::request<Body>& raw) {
    Request r;
    r.method = std::string(raw.method_string());
    std::string_view target = raw.target();
    size_t q = target.find('?');
    auto versioned = split_version_prefix(percent_decode(target.substr(0, q), false));
    r.path = versioned.path;
    r.version_text = versioned.version;
    if (q != std::string_view::npos)
      r.query = parse_query(target.substr(q + 1));
    for (auto& field : raw) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      r.headers[name] = std::string(field.value());
    }
    if constexpr (std::is_same_v<Body, http::string_body>)
      r.body = std::move(raw.body());
    m_upgrade = header_has_token(raw[http::field::connection], "upgrade") &&
                header_has_token(raw[http::field::upgrade], "tcp");
    r.wants_upgrade = m_upgrade;
    if (!raw.keep_alive())
      m_close = true;
    return r;
  }

  std::string status_line(int status) {
    return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) + "\r\n";
  }

  std::string common_headers() {
    std::string h = "Api-Version: " + MAX_API_VERSION.str() +
                    "\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: " +
                    m_ctx.options.server_header + "\r\n";
    if (m_close && !m_upgrade)
      h += "Connection: close\r\n";
    return h;
  }

  bool peer_closed() const override {
    // Bytes already read (a pipelined request) mean the client is still there.
    return m_buffer.size() == 0 &&
           socket_peer_closed(beast::get_lowest_layer(m_stream).socket().native_handle());
  }

  asio::awaitable<bool> write_raw(std::string_view data) {
    auto& lowest = beast::get_lowest_layer(m_stream);
    lowest.expires_after(std::chrono::seconds(120));
    auto [ec, n] = co_await asio::async_write(m_stream, asio::buffer(data), as_tuple_awaitable);
    lowest.expires_never();
    co_return !ec;
  }

  Stream& m_stream;
  SessionContext& m_ctx;
  beast::flat_buffer m_buffer;
  bool m_close = false;
  bool m_head = false;
  bool m_upgrade = false;
  bool m_responded = false;
};

struct SessionCount {
  explicit SessionCount(SessionContext& c) : ctx(c) { ++ctx.live_sessions; }
  ~SessionCount() { --ctx.live_sessions; }
  SessionContext& ctx;
};

} // namespace

asio::awaitable<void> serve_unix(asio::local::stream_protocol::socket socket,
                                 std::shared_ptr<SessionContext> context) {
  SessionCount count(*context);
  UnixStream stream(std::move(socket));
  Session<UnixStream> session(stream, *context);
  co_await session.run();
}

asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket, asio::ssl::context& tls,
                                std::shared_ptr<SessionContext> context) {
  SessionCount count(*context);
  TlsStream stream(std::move(socket), tls);
  beast::get_lowest_layer(stream).expires_after(context->options.header_timeout);
  auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, as_tuple_awaitable);
  if (ec) {
    log::debug("TLS handshake failed: " + ec.message());
    co_return;
  }
  beast::get_lowest_layer(stream).expires_never();
  Session<TlsStream> session(stream, *context);
  co_await session.run();
}

} // namespace mydocker::api
