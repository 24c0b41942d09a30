#include "builder/url_fetch.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace mydocker::builder {

namespace {

constexpr size_t MAX_DOWNLOAD = size_t(1) << 30;

struct Download {
  std::string body;
  std::string status_line; // of the last response (after redirects)
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* d = static_cast<Download*>(user);
  if (d->body.size() + size * count > MAX_DOWNLOAD) {
    d->too_large = true;
    return 0; // aborts the transfer
  }
  d->body.append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    auto* d = static_cast<Download*>(user);
    d->status_line = line.substr(0, line.find_last_not_of("\r\n") + 1);
    d->body.clear(); // a redirect's body is not the download
  }
  return size * count;
}

// SSL_CERT_FILE / SSL_CERT_DIR replace the system trust store, as for Go programs.
void set_trust(CURL* curl) {
  if (const char* file = std::getenv("SSL_CERT_FILE"); file && *file)
    curl_easy_setopt(curl, CURLOPT_CAINFO, file);
  if (const char* dir = std::getenv("SSL_CERT_DIR"); dir && *dir)
    curl_easy_setopt(curl, CURLOPT_CAPATH, dir);
}

std::string reason_of(const std::string& status_line) {
  size_t sp = status_line.find(' ');
  return sp == std::string::npos ? status_line : status_line.substr(sp + 1);
}

} // namespace

std::string url_file_name(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  size_t slash = path.find_last_of('/');
  size_t scheme_end = path.find("://");
  size_t min = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  return slash == std::string::npos || slash < min ? "" : path.substr(slash + 1);
}

Result<std::string> fetch_url(const std::string& url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return make_error(Errc::NotImplemented, "ADD supports only http:// and https:// URLs: " + url);
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl)
    return make_error(Errc::Internal, "ADD " + url + ": curl_easy_init failed");
  Download d;
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &d);
  set_trust(c);
  CURLcode rc = curl_easy_perform(c);
  if (d.too_large)
    return invalid_argument("ADD " + url + ": the download is too large");
  if (rc != CURLE_OK)
    return invalid_argument("failed to GET " + url + ": " +
                            (error[0] ? std::string(error) : curl_easy_strerror(rc)));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200)
    return invalid_argument("failed to GET " + url + " with status " + reason_of(d.status_line));
  return std::move(d.body);
}

} // namespace mydocker::builder
