// Client::open_stream: Beast's parser read in steps (headers, then body pieces).
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/client/client.hpp"

namespace mydocker::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

class BeastResponseStream final : public ResponseStream {
public:
  explicit BeastResponseStream(const std::string& socket_path) : m_socket(m_io) {
    m_socket.connect(asio::local::stream_protocol::endpoint(socket_path), m_ec);
    m_parser.body_limit(boost::none);
  }
  bool connected() const { return !m_ec; }
  asio::local::stream_protocol::socket& socket() { return m_socket; }

  Result<int> read_headers() override {
    beast::error_code ec;
    http::read_header(m_socket, m_buffer, m_parser, ec);
    if (ec)
      return internal_error("error reading the daemon's response: " + ec.message());
    return static_cast<int>(m_parser.get().result_int());
  }

  Result<void> read_body(const std::function<void(std::string_view)>& on_data) override {
    char chunk[16384];
    while (!m_parser.is_done()) {
      m_parser.get().body().data = chunk;
      m_parser.get().body().size = sizeof chunk;
      beast::error_code ec;
      // read_some, not read: read only returns once the buffer is full or the body has ended,
      // which would hold back a followed log line until 16 KiB more had arrived.
      http::read_some(m_socket, m_buffer, m_parser, ec);
      if (ec == http::error::need_buffer)
        ec = {};
      if (ec && ec != http::error::end_of_stream)
        return internal_error("error reading the daemon's response: " + ec.message());
      if (size_t got = sizeof chunk - m_parser.get().body().size; got > 0)
        on_data(std::string_view(chunk, got));
      if (ec == http::error::end_of_stream)
        break;
    }
    return {};
  }

private:
  asio::io_context m_io;
  asio::local::stream_protocol::socket m_socket;
  beast::error_code m_ec;
  beast::flat_buffer m_buffer;
  http::response_parser<http::buffer_body> m_parser;
};

} // namespace

Result<std::unique_ptr<ResponseStream>>
Client::open_stream(const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& headers, const std::string& body) {
  auto stream = std::make_unique<BeastResponseStream>(m_socket_path);
  if (!stream->connected())
    return tl::unexpected(connect_error());
  http::request<http::string_body> req(http::string_to_verb(method), "/v" + m_version + path, 11);
  req.set(http::field::host, "api.moby.localhost");
  for (const auto& [name, value] : headers)
    req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  http::write(stream->socket(), req, ec);
  if (ec)
    return tl::unexpected(connect_error());
  return std::unique_ptr<ResponseStream>(std::move(stream));
}

} // namespace mydocker::client
