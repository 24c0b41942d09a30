// Synchronous HTTP(S) for registries over libcurl: redirects, TLS with OpenSSL (system CAs,
// a per-registry CA, client certificates), bodies to memory or streamed to a sink.
// Called from the daemon's blocking pool; one easy handle per call.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace mydocker::layers::registry {

struct TlsSettings {
  bool verify = true;
  std::string ca_file;   // extra CA bundle (certs.d/<host>/ca.crt), "" = system only
  std::string cert_file; // client certificate + key (certs.d/<host>/*.cert, *.key)
  std::string key_file;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers; // "Name: value"
  std::string body;                 // sent for POST/PUT/PATCH
  // Upload from a file range instead of `body` (push of big blobs); length < 0 = to the end.
  std::string body_file;
  int64_t body_offset = 0;
  int64_t body_length = -1;
};

struct HttpResponse {
  long status = 0;
  std::multimap<std::string, std::string> headers; // lower-case names, last response only
  std::string body;                                // the body unless a sink took it
  std::string header(const std::string& lower_name) const;
  std::vector<std::string> header_values(const std::string& lower_name) const;
};

// Receives a 2xx body piece by piece; returning false aborts the transfer.
using BodySink = std::function<bool(std::string_view)>;
// Bytes sent or received so far and the expected total (0 if unknown).
using TransferProgress = std::function<void(int64_t done, int64_t total)>;

struct TransferOptions {
  const BodySink* sink = nullptr;
  const TransferProgress* progress = nullptr;
  const std::atomic<bool>* cancel = nullptr; // set: the transfer stops ("context canceled")
  long connect_timeout_s = 15;
  long low_speed_timeout_s = 60; // abort when under 1 byte/s for this long
};

// Connection-level failures are Unavailable ("transient": worth a retry); an HTTP error
// status is not an error here: the caller reads `status`.
Result<HttpResponse> perform(const HttpRequest& request, const TlsSettings& tls,
                             const TransferOptions& options = {});

} // namespace mydocker::layers::registry
