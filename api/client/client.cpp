#include "api/client/client.hpp"

#include <algorithm>
#include <cstdlib>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace mydocker::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string resolve_host(const std::string& flag_value) {
  if (!flag_value.empty())
    return flag_value;
  if (const char* env = std::getenv("DOCKER_HOST"); env && *env)
    return env;
  return DEFAULT_HOST;
}

namespace {

Errc errc_for_status(int status) {
  switch (status) {
  case 304: return Errc::NotModified;
  case 401: return Errc::Unauthorized;
  case 403: return Errc::Forbidden;
  case 404: return Errc::NotFound;
  case 409: return Errc::Conflict;
  case 501: return Errc::NotImplemented;
  case 503: return Errc::Unavailable;
  default: return status >= 500 ? Errc::Internal : Errc::InvalidArgument;
  }
}

// The daemon's {"message": ...}; anything else is shown as it came.
std::string error_message(const HttpResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("message") && j["message"].is_string())
    return j["message"].get<std::string>();
  if (r.body.empty())
    return "request returned " + std::to_string(r.status) + " for API route and version";
  return r.body;
}

} // namespace

Result<Client> Client::create(std::string host) {
  if (host.rfind("unix://", 0) == 0)
    return Client(host, host.substr(7));
  if (host.rfind("tcp://", 0) == 0)
    return make_error(Errc::Unavailable,
                      "tcp:// hosts are not supported by the mydocker CLI yet; use unix://");
  return make_error(Errc::Unavailable, "unable to parse docker host `" + host + "`");
}

Error Client::connect_error() const {
  return Error{Errc::Unavailable, 0,
               "Cannot connect to the Docker daemon at " + m_host +
                   ". Is the docker daemon running?"};
}

Result<HttpResponse> Client::round_trip(const std::string& method, const std::string& target,
                                        const std::string& body, const std::string& content_type) {
  asio::io_context io;
  asio::local::stream_protocol::socket socket(io);
  boost::system::error_code ec;
  socket.connect(asio::local::stream_protocol::endpoint(m_socket_path), ec);
  if (ec)
    return tl::unexpected(connect_error());
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, "api.moby.localhost");
  req.set(http::field::user_agent, "mydocker-cli/" MYDOCKER_VERSION);
  if (!content_type.empty())
    req.set(http::field::content_type, content_type);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req, ec);
  if (ec)
    return tl::unexpected(connect_error());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(method == "HEAD");
  http::read(socket, buffer, parser, ec);
  if (ec && ec != http::error::end_of_stream)
    return internal_error("error reading the daemon's response: " + ec.message());
  auto& res = parser.get();
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (auto& field : res) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    out.headers[name] = std::string(field.value());
  }
  out.body = std::move(res.body());
  return out;
}

Result<void> Client::negotiate() {
  auto ping = round_trip("HEAD", "/_ping", "", "");
  if (!ping)
    return tl::unexpected(ping.error());
  auto it = ping->headers.find("api-version");
  // Without the header the docker CLI falls back to 1.24; so do we.
  std::string theirs = it == ping->headers.end() ? "1.24" : it->second;
  auto as_pair = [](const std::string& v) {
    size_t dot = v.find('.');
    return std::pair<int, int>{std::atoi(v.substr(0, dot).c_str()),
                               dot == std::string::npos ? 0 : std::atoi(v.substr(dot + 1).c_str())};
  };
  if (as_pair(theirs) < as_pair(CLIENT_API_VERSION))
    m_version = theirs;
  return {};
}

Result<HttpResponse> Client::request(const std::string& method, const std::string& path,
                                     const std::string& body, const std::string& content_type) {
  auto res = TRY(round_trip(method, "/v" + m_version + path, body, content_type));
  if (res.status >= 400)
    return make_error(errc_for_status(res.status), error_message(res));
  return res;
}

Result<nlohmann::json> Client::get_json(const std::string& path) {
  auto res = TRY(request("GET", path));
  auto j = nlohmann::json::parse(res.body, nullptr, false);
  if (j.is_discarded())
    return internal_error("invalid JSON from the daemon on " + path);
  return j;
}

Result<HijackedConnection> Client::hijack(const std::string& method, const std::string& path) {
  asio::io_context io;
  asio::local::stream_protocol::socket socket(io);
  boost::system::error_code ec;
  socket.connect(asio::local::stream_protocol::endpoint(m_socket_path), ec);
  if (ec)
    return tl::unexpected(connect_error());
  http::request<http::empty_body> req(http::string_to_verb(method), "/v" + m_version + path, 11);
  req.set(http::field::host, "api.moby.localhost");
  req.set(http::field::connection, "Upgrade");
  req.set(http::field::upgrade, "tcp");
  http::write(socket, req, ec);
  if (ec)
    return tl::unexpected(connect_error());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  http::read_header(socket, buffer, parser, ec);
  if (ec)
    return internal_error("error reading the daemon's response: " + ec.message());
  HttpResponse head;
  head.status = static_cast<int>(parser.get().result_int());
  if (head.status >= 400) {
    http::read(socket, buffer, parser, ec);
    head.body = parser.get().body();
    return make_error(errc_for_status(head.status), error_message(head));
  }
  auto data = buffer.data();
  std::string leftover(static_cast<const char*>(data.data()), data.size());
  return HijackedConnection{Fd(socket.release()), std::move(leftover)};
}

} // namespace mydocker::client
