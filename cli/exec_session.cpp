#include "cli/exec_session.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "cli/attached_output.hpp"
#include "common/fd.hpp"

namespace mydocker::cli {

namespace {

Result<Fd> connect_unix(const std::string& host) {
  if (host.rfind("unix://", 0) != 0)
    return invalid_argument("exec needs a unix:// daemon address, not " + host);
  std::string path = host.substr(7);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path)
    return invalid_argument("socket path too long: " + path);
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return make_error(Errc::Unavailable, "Cannot connect to the Docker daemon at " + host +
                                             ". Is the docker daemon running?");
  return fd;
}

Result<void> write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return sys_error("write");
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// Reads up to the end of the response headers; what came after them is the stream's start.
Result<std::string> read_headers(int fd, std::string& rest) {
  std::string in;
  char buf[4096];
  size_t end;
  while ((end = in.find("\r\n\r\n")) == std::string::npos) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return internal_error("the daemon closed the connection");
    in.append(buf, static_cast<size_t>(n));
  }
  rest = in.substr(end + 4);
  return in.substr(0, end);
}

Result<void> check_status(const std::string& headers, const std::string& rest) {
  int status = std::atoi(headers.c_str() + std::min<size_t>(9, headers.size()));
  if (status == 101 || status == 200)
    return {};
  size_t at = rest.find("\"message\":\"");
  std::string message = at == std::string::npos ? rest : rest.substr(at + 11);
  if (size_t q = message.find("\"}"); q != std::string::npos)
    message.resize(q);
  Errc code = status == 404 ? Errc::NotFound : status == 409 ? Errc::Conflict : Errc::Internal;
  return make_error(code, message);
}

volatile sig_atomic_t g_window_changed = 0;

void note_window_change(int) {
  g_window_changed = 1;
}

// SIGWINCH interrupts poll (no SA_RESTART) so the new size is sent at once.
void watch_window_changes() {
  struct sigaction sa {};
  sa.sa_handler = note_window_change;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGWINCH, &sa, nullptr);
}

// Copies stdin to the socket and the socket to our output until the daemon ends the stream.
Result<void> copy_streams(int sock, const ExecSessionOptions& o, Demux& demux) {
  pollfd fds[2] = {{sock, POLLIN, 0}, {o.send_stdin ? 0 : -1, POLLIN, 0}};
  char buf[32768];
  for (;;) {
    if (g_window_changed && o.on_window_change) {
      g_window_changed = 0;
      o.on_window_change();
    }
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      return sys_error("poll");
    }
    if (fds[0].revents) {
      ssize_t n = ::read(sock, buf, sizeof buf);
      if (n <= 0 && !(n < 0 && errno == EINTR))
        return {};
      if (n > 0)
        demux.feed(std::string_view(buf, static_cast<size_t>(n)));
    }
    if (fds[1].fd >= 0 && fds[1].revents) {
      ssize_t n = ::read(0, buf, sizeof buf);
      if (n > 0) {
        TRY_VOID(write_all(sock, std::string_view(buf, static_cast<size_t>(n))));
      } else if (n == 0 || errno != EINTR) {
        ::shutdown(sock, SHUT_WR); // the process's stdin ends
        fds[1].fd = -1;
      }
    }
  }
}

} // namespace

Result<void> run_exec_session(const ExecSessionOptions& o) {
  Fd sock = TRY(connect_unix(o.host));
  std::string body = std::string("{\"Detach\":false,\"Tty\":") + (o.tty ? "true" : "false") + "}";
  std::string request = "POST /v" + o.api_version + "/exec/" + o.exec_id +
                        "/start HTTP/1.1\r\nHost: api.moby.localhost\r\n"
                        "Connection: Upgrade\r\nUpgrade: tcp\r\n"
                        "Content-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  TRY_VOID(write_all(sock.get(), request));
  std::string rest;
  std::string headers = TRY(read_headers(sock.get(), rest));
  TRY_VOID(check_status(headers, rest));
  Demux demux(o.tty);
  if (!rest.empty())
    demux.feed(rest);
  if (o.on_window_change)
    watch_window_changes();
  return copy_streams(sock.get(), o, demux);
}

} // namespace mydocker::cli
