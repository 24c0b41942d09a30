#include "builder/url_fetch.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/fd.hpp"

namespace mydocker::builder {

namespace {

struct Url {
  std::string host, port = "80", path = "/";
};

Result<Url> parse_url(const std::string& url) {
  if (url.rfind("http://", 0) != 0)
    return make_error(Errc::NotImplemented, "ADD supports only http:// URLs: " + url);
  Url u;
  std::string rest = url.substr(7);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos)
    u.path = rest.substr(slash);
  size_t colon = authority.rfind(':');
  u.host = authority.substr(0, colon);
  if (colon != std::string::npos)
    u.port = authority.substr(colon + 1);
  return u;
}

Result<Fd> connect_to(const Url& u) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(u.host.c_str(), u.port.c_str(), &hints, &found) != 0 || !found)
    return invalid_argument("failed to resolve " + u.host);
  Fd sock(::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  int rc = sock ? ::connect(sock.get(), found->ai_addr, found->ai_addrlen) : -1;
  ::freeaddrinfo(found);
  if (rc != 0)
    return sys_error("connect " + u.host + ":" + u.port);
  return sock;
}

} // namespace

std::string url_file_name(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash < 8 ? "" : path.substr(slash + 1);
}

Result<std::string> fetch_url(const std::string& url) {
  Url u = TRY(parse_url(url));
  Fd sock = TRY(connect_to(u));
  std::string request = "GET " + u.path + " HTTP/1.0\r\nHost: " + u.host + "\r\n\r\n";
  if (::send(sock.get(), request.data(), request.size(), MSG_NOSIGNAL) < 0)
    return sys_error("send");
  std::string response;
  char buf[65536];
  for (ssize_t n; (n = ::recv(sock.get(), buf, sizeof buf, 0)) > 0;) {
    response.append(buf, size_t(n));
    if (response.size() > (1ull << 30))
      return invalid_argument("ADD " + url + ": the download is too large");
  }
  size_t end = response.find("\r\n\r\n");
  size_t sp = response.find(' ');
  if (end == std::string::npos || sp == std::string::npos)
    return invalid_argument("ADD " + url + ": bad HTTP response");
  std::string status = response.substr(sp + 1, 3);
  if (status != "200")
    return invalid_argument("failed to GET " + url + " with status " +
                            response.substr(sp + 1, response.find("\r\n") - sp - 1));
  return response.substr(end + 4);
}

} // namespace mydocker::builder
