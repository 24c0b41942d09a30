// Blocking client of the Docker API over the daemon's socket: the CLI's only way in.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::client {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers; // lower-case names
  std::string body;
};

// DOCKER_HOST-style address resolution: -H flag, else $DOCKER_HOST, else the default socket.
std::string resolve_host(const std::string& flag_value);
inline constexpr const char* DEFAULT_HOST = "unix:///var/run/mydocker.sock";
inline constexpr const char* CLIENT_API_VERSION = "1.44";

// A response read in steps: headers first (a long poll's headers mean "registered"),
// then the body piece by piece as the daemon flushes it.
class ResponseStream {
public:
  virtual ~ResponseStream() = default;
  virtual Result<int> read_headers() = 0; // the status; >= 400 gives the daemon's error
  // Calls on_data with each piece; returns when the body ends.
  virtual Result<void> read_body(const std::function<void(std::string_view)>& on_data) = 0;
};

// A hijacked connection (attach): the raw socket after the 101 and what was read past the
// response headers.
struct HijackedConnection {
  Fd socket;
  std::string leftover;
};

class Client {
public:
  static Result<Client> create(std::string host);

  // Negotiates like the docker CLI: HEAD /_ping once, then min(ours, daemon's) in paths.
  Result<void> negotiate();
  const std::string& api_version() const { return m_version; }
  const std::string& host() const { return m_host; }

  // `path` without the version prefix, query included. Daemon errors (status >= 400) come
  // back as Error with the daemon's message and the kind matching the status.
  Result<HttpResponse> request(const std::string& method, const std::string& path,
                               const std::string& body = "", const std::string& content_type = "");
  Result<nlohmann::json> get_json(const std::string& path);
  // Sends the request now; the response is read through the returned stream.
  // `headers` are extra request headers (X-Registry-Auth).
  Result<std::unique_ptr<ResponseStream>>
  open_stream(const std::string& method, const std::string& path,
              const std::map<std::string, std::string>& headers = {},
              const std::string& body = ""); // a request body (build's context)

  // POST with `Upgrade: tcp`; the daemon's error (status >= 400) as an Error.
  Result<HijackedConnection> hijack(const std::string& method, const std::string& path);

private:
  explicit Client(std::string host, std::string socket_path)
      : m_host(std::move(host)), m_socket_path(std::move(socket_path)) {}
  Result<HttpResponse> round_trip(const std::string& method, const std::string& target,
                                  const std::string& body, const std::string& content_type);
  Error connect_error() const;

  std::string m_host;
  std::string m_socket_path;
  std::string m_version = CLIENT_API_VERSION;
};

} // namespace mydocker::client
