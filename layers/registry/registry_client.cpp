#include "layers/registry/registry_client.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/types/distribution_wire.hpp"
#include "common/base64.hpp"
#include "common/log.hpp"
#include "layers/registry_auth.hpp"

namespace mydocker::layers::registry {

namespace {

std::string host_without_port(const std::string& host) {
  if (!host.empty() && host[0] == '[')
    return host.substr(1, host.find(']') - 1);
  size_t colon = host.rfind(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

bool in_cidr(const std::string& ip, const std::string& cidr) {
  size_t slash = cidr.find('/');
  if (slash == std::string::npos)
    return false;
  in_addr a{}, net{};
  if (inet_pton(AF_INET, ip.c_str(), &a) != 1 ||
      inet_pton(AF_INET, cidr.substr(0, slash).c_str(), &net) != 1)
    return false;
  int bits = std::atoi(cidr.c_str() + slash + 1);
  uint32_t mask = bits <= 0 ? 0 : bits >= 32 ? 0xffffffffu : ~((1u << (32 - bits)) - 1);
  return (ntohl(a.s_addr) & mask) == (ntohl(net.s_addr) & mask);
}

} // namespace

bool is_insecure_registry(const std::string& host, const std::vector<std::string>& insecure) {
  std::string name = host_without_port(host);
  if (name == "localhost" || name == "::1" || in_cidr(name, "127.0.0.0/8"))
    return true;
  for (const auto& entry : insecure)
    if (entry == host || entry == name || in_cidr(name, entry))
      return true;
  return false;
}

TlsSettings tls_for_host(const std::string& certs_dir, const std::string& host, bool insecure) {
  TlsSettings tls;
  std::string dir = certs_dir + "/" + host;
  std::error_code ec;
  for (auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string path = entry.path().string();
    if (entry.path().extension() == ".crt")
      tls.ca_file = path; // Docker adds every *.crt as a CA; one is the common case
    if (entry.path().extension() == ".cert" && tls.cert_file.empty()) {
      std::string key = path.substr(0, path.size() - 5) + ".key";
      if (::access(key.c_str(), R_OK) == 0) {
        tls.cert_file = path;
        tls.key_file = key;
      }
    }
  }
  // Insecure registries skip verification, as in Docker, unless certs.d names a CA for
  // them: then the certificate must match it (stricter than dockerd, which ignores it).
  tls.verify = !insecure || !tls.ca_file.empty();
  return tls;
}

std::string RegistryError::text() const {
  std::string c = code;
  for (auto& ch : c)
    ch = ch == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return c + ": " + message;
}

RegistryError parse_registry_error(long status, const std::string& body) {
  if (auto e = api::decode_registry_error(body))
    return {e->code, e->message};
  if (status == 401)
    return {"UNAUTHORIZED", "authentication required"};
  if (status == 404)
    return {"NOT_FOUND", "not found"};
  return {"UNKNOWN", "unexpected status " + std::to_string(status) +
                         (body.empty() ? "" : ": " + body.substr(0, 200))};
}

RegistryClient::RegistryClient(const RegistryConfig& config, const std::string& domain,
                               RegistryAuth auth, const std::atomic<bool>* cancel)
    : m_config(config), m_host(domain == "docker.io" ? "registry-1.docker.io" : domain),
      m_auth(std::move(auth)), m_insecure(is_insecure_registry(m_host, config.insecure_registries)),
      m_tls(tls_for_host(config.certs_dir, domain, m_insecure)), m_cancel(cancel) {}

std::string RegistryClient::url(const std::string& path) const {
  return path.rfind("http", 0) == 0 ? path : m_base + path;
}

std::string RegistryClient::authorization() const {
  std::lock_guard lock(m_mutex);
  return m_authorization;
}

Result<void> RegistryClient::connect(const std::vector<std::string>& scopes) {
  m_scopes = scopes;
  std::vector<std::string> bases = {"https://" + m_host};
  if (m_insecure)
    bases.push_back("http://" + m_host);
  Error last{Errc::Unavailable, 0, "no endpoint for " + m_host};
  for (const auto& base : bases) {
    HttpRequest ping{"GET", base + "/v2/"};
    auto res = perform(ping, m_tls);
    if (!res) {
      last = res.error();
      last.message = "Get \"" + base + "/v2/\": " + last.message;
      log::debug("registry ping " + base + ": " + res.error().message);
      continue;
    }
    m_base = base;
    if (res->status == 401)
      return authorize(*res);
    return {};
  }
  return tl::unexpected(last);
}

Result<void> RegistryClient::authorize(const HttpResponse& response) {
  for (const auto& header : response.header_values("www-authenticate"))
    for (const auto& challenge : parse_www_authenticate(header)) {
      if (challenge.scheme == "bearer")
        return fetch_token(challenge);
      if (challenge.scheme == "basic" && !m_auth.username.empty()) {
        std::lock_guard lock(m_mutex);
        m_authorization = "Basic " + base64_encode(m_auth.username + ":" + m_auth.password);
        return {};
      }
    }
  return {};
}

Result<void> RegistryClient::fetch_token(const Challenge& bearer) {
  HttpRequest req{"GET", token_url(bearer, m_scopes)};
  if (!m_auth.username.empty())
    req.headers.push_back("Authorization: Basic " +
                          base64_encode(m_auth.username + ":" + m_auth.password));
  else if (!m_auth.identity_token.empty())
    req.headers.push_back("Authorization: Bearer " + m_auth.identity_token);
  // The token server may be another host (or port): its own certs.d entry and trust.
  std::string realm = req.url.substr(0, req.url.find('?'));
  size_t host_start = realm.find("://");
  std::string realm_host = host_start == std::string::npos ? "" : realm.substr(host_start + 3);
  realm_host = realm_host.substr(0, realm_host.find('/'));
  bool insecure = is_insecure_registry(realm_host, m_config.insecure_registries);
  auto res = perform(req, tls_for_host(m_config.certs_dir, realm_host, insecure));
  if (!res)
    return tl::unexpected(res.error());
  if (res->status != 200)
    return make_error(Errc::Unauthorized, parse_registry_error(res->status, res->body).text());
  std::string token = token_from_answer(res->body);
  if (token.empty())
    return make_error(Errc::Unauthorized, "authorization server did not include a token");
  std::lock_guard lock(m_mutex);
  m_authorization = "Bearer " + token;
  return {};
}

Result<HttpResponse> RegistryClient::send(HttpRequest request, TransferOptions options) {
  request.url = url(request.url);
  options.cancel = m_cancel;
  std::vector<std::string> base_headers = request.headers;
  for (int attempt = 0;; ++attempt) {
    request.headers = base_headers;
    if (std::string a = authorization(); !a.empty())
      request.headers.push_back("Authorization: " + a);
    auto res = perform(request, m_tls, options);
    if (!res || res->status != 401 || attempt > 0 || res->header("www-authenticate").empty())
      return res;
    TRY_VOID(authorize(*res));
  }
}

Result<HttpResponse> RegistryClient::send_retrying(const HttpRequest& request,
                                                   const TransferOptions& options) {
  auto delay = std::chrono::milliseconds(200);
  for (int attempt = 0;; ++attempt) {
    auto res = send(request, options);
    bool transient = (!res && res.error().code == Errc::Unavailable) ||
                     (res && (res->status >= 500 || res->status == 429));
    if (!transient || attempt >= 4 || (m_cancel && *m_cancel))
      return res;
    log::debug("registry " + request.method + " " + request.url + ": retrying");
    std::this_thread::sleep_for(delay);
    delay *= 2;
  }
}

} // namespace mydocker::layers::registry
