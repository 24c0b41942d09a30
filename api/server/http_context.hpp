// What a route handler sees of one HTTP request and how it answers.
// Beast stays inside api/server/session*.cpp; routes include only this header,
// so Beast is instantiated in few translation units (design.md §4).
// GCC 12: never bind a temporary with a destructor to a reference parameter inside a
// co_await expression (`co_await res.send_json(200, json{...})` double-frees); name it first.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::api {

namespace asio = boost::asio;

struct ApiVersion {
  int major = 1;
  int minor = 44;
  auto operator<=>(const ApiVersion&) const = default;
  std::string str() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// Decoded query string. Keys may repeat (`t=a&t=b`, `names=a&names=b`).
class Query {
public:
  void add(std::string key, std::string value) {
    m_values.emplace(std::move(key), std::move(value));
  }
  std::optional<std::string> get(std::string_view key) const;
  std::vector<std::string> all(std::string_view key) const;
  bool has(std::string_view key) const { return m_values.find(std::string(key)) != m_values.end(); }
  // Docker's query booleans: "1", "true", "True" are true; "", "0", "false", "False" false.
  bool get_bool(std::string_view key, bool fallback = false) const;
  // InvalidArgument for a value that is not an integer.
  Result<std::optional<int64_t>> get_int(std::string_view key) const;

private:
  std::multimap<std::string, std::string, std::less<>> m_values;
};

struct Request {
  std::string method;                        // "GET", "POST", ...
  std::string path;                          // without "/v1.NN" and without the query
  ApiVersion version;                        // from the path, or the maximum when unversioned
  std::string version_text;                  // "1.44" as sent in the path, "" when unversioned
  std::map<std::string, std::string> params; // "{id}"/"{name*}" captures of the route pattern
  Query query;
  std::map<std::string, std::string> headers; // names lower-cased
  std::string body;
  // Large bodies of /images/load and /images/create: an unlinked temp file (owned by the
  // session for the request's lifetime) and `body` stays empty. Read it with BodyView.
  int body_fd = -1;
  bool wants_upgrade = false; // "Connection: Upgrade" + "Upgrade: tcp"

  std::optional<std::string> header(std::string_view lower_name) const;
  // Parses the body as JSON; an empty body yields `fallback`. Bad JSON is InvalidArgument.
  Result<nlohmann::json> json_body(nlohmann::json fallback = nlohmann::json::object()) const;
};

// The request body as one contiguous view: `body`, or the spilled file mapped read-only
// (page cache, not heap). Use on the blocking pool; the view lives as long as this object.
class BodyView {
public:
  static Result<BodyView> of(const Request& request);
  BodyView(BodyView&& other) noexcept;
  BodyView(const BodyView&) = delete;
  BodyView& operator=(const BodyView&) = delete;
  ~BodyView();
  std::string_view data() const { return m_data; }

private:
  BodyView() = default;
  std::string_view m_data;
  void* m_map = nullptr;
  size_t m_size = 0;
};
// Whether the peer of a connected socket has gone (closed both ways or reset); never blocks.
// A half-close (shutdown of its write side) is not "gone".
bool socket_peer_closed(int fd);

// Raw bidirectional byte stream after a hijack (attach, exec start).
class RawStream {
public:
  virtual ~RawStream() = default;
  // 0 means the peer half-closed (EOF); an error code means it is gone.
  virtual asio::awaitable<std::pair<size_t, bool>> read_some(char* data, size_t size) = 0;
  virtual asio::awaitable<bool> write_all(std::string_view data) = 0; // false: peer gone
  virtual void close() = 0;
  // True once the peer has gone (see socket_peer_closed); never blocks. Lets a handler that
  // has nothing to write notice a client that left.
  virtual bool peer_closed() const { return false; }
};

// One per request. Exactly one of send*, begin_stream or hijack must be used.
class Responder {
public:
  virtual ~Responder() = default;

  virtual asio::awaitable<void> send(int status, std::string_view content_type, std::string body,
                                     std::map<std::string, std::string> extra_headers = {}) = 0;
  asio::awaitable<void> send_json(int status, const nlohmann::json& body);
  asio::awaitable<void> send_empty(int status); // 204, 304, 201 without body
  asio::awaitable<void> send_error(const Error& error);

  // Chunked response with the headers flushed at once (wait, logs -f, events, pull progress).
  virtual asio::awaitable<void>
  begin_stream(int status, std::string_view content_type,
               std::map<std::string, std::string> extra_headers = {}) = 0;
  virtual asio::awaitable<bool> write_chunk(std::string_view data) = 0; // false: client gone
  virtual asio::awaitable<void> end_stream() = 0;

  // 101 UPGRADED (or 200 + raw stream when the client did not ask to upgrade), then the
  // socket is the handler's; the connection closes when the stream is released.
  virtual asio::awaitable<std::unique_ptr<RawStream>> hijack(std::string_view content_type) = 0;

  // Pool for blocking service calls; never block the reactor.
  virtual asio::thread_pool& blocking_pool() = 0;
  // Pool for long transfers (pull, push, load, import, archive streams): they must not
  // occupy the threads every short call needs.
  virtual asio::thread_pool& transfer_pool() { return blocking_pool(); }

  // True once the client has closed its connection (socket_peer_closed); a handler waiting
  // for an event (wait, an attach before start) uses it to stop waiting for nobody.
  virtual bool peer_closed() const { return false; }
};

} // namespace mydocker::api
