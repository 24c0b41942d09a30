#include "cli/attach_stream.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "api/types/detach_keys.hpp"
#include "cli/attached_output.hpp"
#include "cli/terminal.hpp"

namespace mydocker::cli {

namespace {

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

struct Pump {
  client::Client& c;
  const std::string& id;
  int sock;
  const StreamOptions& options;
  Demux demux;
  api::DetachScanner scanner;
  bool stdin_open;

  // false once our stdin is over (the daemon is told by a half-close) or the keys were typed.
  bool from_stdin(bool& detached) {
    char buf[16384];
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      return true;
    if (n <= 0) {
      ::shutdown(sock, SHUT_WR);
      return false;
    }
    std::string data = scanner.feed(std::string_view(buf, static_cast<size_t>(n)), detached);
    return write_all(sock, data) && !detached;
  }

  // false once the container's output has ended.
  bool from_daemon() {
    char buf[32768];
    ssize_t n = ::read(sock, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      return true;
    if (n <= 0)
      return false;
    demux.feed(std::string_view(buf, static_cast<size_t>(n)));
    return true;
  }
};

} // namespace

void resize_to_terminal(client::Client& c, const std::string& id) {
  auto size = terminal_size(1);
  if (!size || size->first == 0)
    return;
  (void)c.request("POST", "/containers/" + id + "/resize?h=" + std::to_string(size->first) +
                              "&w=" + std::to_string(size->second));
}

StreamEnd pump_attached(client::Client& c, const std::string& id, client::HijackedConnection& conn,
                        const StreamOptions& options) {
  Pump p{c,
         id,
         conn.socket.get(),
         options,
         Demux(options.tty),
         api::DetachScanner(options.tty ? options.detach_keys : ""),
         options.with_stdin};
  if (!conn.leftover.empty())
    p.demux.feed(conn.leftover);
  Fd winch = options.tty ? window_change_fd() : Fd();
  for (;;) {
    pollfd fds[3] = {
        {p.sock, POLLIN, 0}, {p.stdin_open ? 0 : -1, POLLIN, 0}, {winch.get(), POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR)
        continue;
      return StreamEnd::OutputEnded;
    }
    if (fds[0].revents && !p.from_daemon())
      return StreamEnd::OutputEnded;
    bool detached = false;
    if (fds[1].revents && !p.from_stdin(detached))
      p.stdin_open = false;
    if (detached)
      return StreamEnd::Detached;
    if (fds[2].revents) {
      char drain[64];
      while (::read(winch.get(), drain, sizeof drain) > 0) {
      }
      resize_to_terminal(c, id);
    }
  }
}

} // namespace mydocker::cli
