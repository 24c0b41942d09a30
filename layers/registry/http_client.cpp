#include "layers/registry/http_client.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "common/fd.hpp"

namespace mydocker::layers::registry {

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::vector<std::string> HttpResponse::header_values(const std::string& name) const {
  std::vector<std::string> out;
  auto [from, to] = headers.equal_range(name);
  for (auto it = from; it != to; ++it)
    out.push_back(it->second);
  return out;
}

namespace {

constexpr size_t kMaxErrorBody = 1 << 20;

struct Transfer {
  CURL* curl = nullptr;
  HttpResponse response;
  const TransferOptions* options = nullptr;
  bool aborted_by_sink = false;
  // upload source
  std::string_view memory;
  int fd = -1;
  int64_t offset = 0;
  int64_t remaining = 0;
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.headers.clear(); // a new response (redirect, 100-continue)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos)
    return size * n;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string value = line.substr(colon + 1);
  value.erase(0, value.find_first_not_of(" \t"));
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  t->response.headers.emplace(std::move(name), std::move(value));
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  long status = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  std::string_view piece(data, size * n);
  if (t->options->sink && status >= 200 && status < 300) {
    if (!(*t->options->sink)(piece)) {
      t->aborted_by_sink = true;
      return 0;
    }
  } else if (t->response.body.size() < kMaxErrorBody) {
    t->response.body.append(piece);
  }
  return size * n;
}

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t want = std::min<int64_t>(static_cast<int64_t>(size * n), t->remaining);
  if (t->fd < 0) {
    size_t done = t->memory.size() - static_cast<size_t>(t->remaining);
    std::copy_n(t->memory.data() + done, want, buffer);
    t->remaining -= static_cast<int64_t>(want);
    return want;
  }
  ssize_t got = ::pread(t->fd, buffer, want, t->offset);
  if (got < 0)
    return CURL_READFUNC_ABORT;
  t->offset += got;
  t->remaining -= got;
  return static_cast<size_t>(got);
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                curl_off_t ulnow) {
  auto* t = static_cast<Transfer*>(user);
  if (t->options->cancel && t->options->cancel->load())
    return 1; // CURLE_ABORTED_BY_CALLBACK
  if (t->options->progress) {
    if (ultotal > 0 || ulnow > 0)
      (*t->options->progress)(ulnow, ultotal);
    else
      (*t->options->progress)(dlnow, dltotal);
  }
  return 0;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void set_tls(CURL* curl, const TlsSettings& tls) {
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls.verify ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.verify ? 2L : 0L);
  if (!tls.ca_file.empty()) {
    // The registry's own CA in addition to the system store, as Docker does.
    curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CAPATH, "/etc/ssl/certs");
  }
  if (!tls.cert_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.cert_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.key_file.c_str());
  }
}

Result<void> set_body(Transfer& t, const HttpRequest& req, Fd& file) {
  CURL* curl = t.curl;
  if (req.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    return {};
  }
  if (req.method == "GET")
    return {};
  if (!req.body_file.empty()) {
    file = Fd(::open(req.body_file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file)
      return sys_error("open " + req.body_file);
    off_t end = ::lseek(file.get(), 0, SEEK_END);
    t.fd = file.get();
    t.offset = req.body_offset;
    t.remaining = req.body_length >= 0 ? req.body_length : end - req.body_offset;
  } else {
    t.memory = req.body;
    t.remaining = static_cast<int64_t>(req.body.size());
  }
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t.remaining));
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &t);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  return {};
}

// libcurl's own socket() sets no close-on-exec: a container started meanwhile would inherit it.
curl_socket_t open_cloexec_socket(void*, curlsocktype, curl_sockaddr* address) {
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

void set_options(CURL* c, const HttpRequest& req, curl_slist* headers, Transfer& t,
                 const TransferOptions& options) {
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_cloexec_socket);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "mydocker/" MYDOCKER_VERSION);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options.low_speed_timeout_s);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, options.progress || options.cancel ? 0L : 1L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
}

} // namespace

Result<HttpResponse> perform(const HttpRequest& req, const TlsSettings& tls,
                             const TransferOptions& options) {
  global_init();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl)
    return internal_error("curl_easy_init failed");
  Transfer t;
  t.curl = curl.get();
  t.options = &options;
  Fd file;
  TRY_VOID(set_body(t, req, file));
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  for (const auto& h : req.headers)
    headers = curl_slist_append(headers, h.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_guard(headers, curl_slist_free_all);
  CURL* c = curl.get();
  set_options(c, req, headers, t, options);
  set_tls(c, tls);
  CURLcode rc = curl_easy_perform(c);
  if (t.aborted_by_sink)
    return internal_error("download aborted");
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    return internal_error("context canceled");
  if (rc != CURLE_OK)
    return make_error(Errc::Unavailable, std::string(curl_easy_strerror(rc)));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.response.status);
  return std::move(t.response);
}

} // namespace mydocker::layers::registry
