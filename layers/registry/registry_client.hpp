// One registry host as a pull or push sees it: the endpoint (https, or http for insecure
// registries), TLS files from certs.d, and the credentials in force (Basic, or a Bearer
// token fetched for the scopes). Safe to share between download threads.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "layers/image_service.hpp"
#include "layers/registry/auth.hpp"
#include "layers/registry/http_client.hpp"

namespace mydocker::layers::registry {

// Loopback hosts, listed "host:port"/"host" entries and IPv4 CIDRs are insecure.
bool is_insecure_registry(const std::string& host, const std::vector<std::string>& insecure);
// certs.d/<host>/: ca.crt and the first *.cert with its *.key; no verification for an
// insecure host unless it has a CA there.
TlsSettings tls_for_host(const std::string& certs_dir, const std::string& host, bool insecure);

// {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]} -> first error.
struct RegistryError {
  std::string code; // "MANIFEST_UNKNOWN"
  std::string message;
  // Docker's errcode text: "manifest unknown: manifest unknown"
  std::string text() const;
};
RegistryError parse_registry_error(long status, const std::string& body);

class RegistryClient {
public:
  // `cancel` (may be null) aborts every transfer of this client once set.
  RegistryClient(const RegistryConfig& config, const std::string& domain, RegistryAuth auth,
                 const std::atomic<bool>* cancel = nullptr);

  // GET /v2/ on https (then http if insecure), then credentials for `scopes`.
  // Unauthorized when the registry refuses them.
  Result<void> connect(const std::vector<std::string>& scopes);
  // `path_or_url` below the endpoint ("/v2/...") or absolute (an upload Location).
  // Adds the credentials; one new token on a 401 before giving up.
  Result<HttpResponse> send(HttpRequest request, TransferOptions options = {});
  // Same, retried with backoff on connection errors and 5xx/429 (idempotent requests only).
  Result<HttpResponse> send_retrying(const HttpRequest& request,
                                     const TransferOptions& options = {});
  std::string url(const std::string& path_or_url) const;
  const std::string& host() const { return m_host; }

private:
  Result<void> authorize(const HttpResponse& challenge_response);
  Result<void> fetch_token(const Challenge& bearer);
  std::string authorization() const;

  RegistryConfig m_config;
  std::string m_host; // "localhost:5000", "registry-1.docker.io"
  RegistryAuth m_auth;
  bool m_insecure = false;
  TlsSettings m_tls;
  std::string m_base; // "https://localhost:5000"
  std::vector<std::string> m_scopes;
  const std::atomic<bool>* m_cancel;
  mutable std::mutex m_mutex;
  std::string m_authorization; // "Bearer x" / "Basic y" / ""
};

} // namespace mydocker::layers::registry
