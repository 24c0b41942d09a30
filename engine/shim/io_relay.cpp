#include "engine/shim/io_relay.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "engine/runtime/pty.hpp"
#include "engine/runtime/shim_socket.hpp"

namespace mydocker::shim {

using runtime::ShimMessage;

namespace {

constexpr size_t REPLAY_LIMIT = 4 * 1024 * 1024;
constexpr int64_t ATTACH_GRACE_MS = 10'000; // for attachers that have not subscribed yet
constexpr int SLOW_CLIENT_MS = 5000; // a subscriber that takes no output for this long is dropped
constexpr size_t READ_SIZE = runtime::SHIM_MAX_PACKET - 1;

const char* stream_name(int stream) {
  return stream == 2 ? "stderr" : "stdout";
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

IoRelay::IoRelay(RelayFds fds, JsonLog& log)
    : m_outputs{{std::move(fds.stdout_fd), 1, {}}, {std::move(fds.stderr_fd), 2, {}}},
      m_stdin(std::move(fds.stdin_fd)), m_listen(std::move(fds.listen_fd)),
      m_init_pidfd(std::move(fds.init_pidfd)), m_on_init_exit(std::move(fds.on_init_exit)),
      m_tty(fds.tty), m_log(log), m_attachers(fds.attachers) {
  if (m_tty && m_outputs[0].fd)
    m_terminal.reset(::fcntl(m_outputs[0].fd.get(), F_DUPFD_CLOEXEC, 3));
  if (m_stdin)
    ::fcntl(m_stdin.get(), F_SETFL, ::fcntl(m_stdin.get(), F_GETFL) | O_NONBLOCK);
}

void IoRelay::run() {
  for (int timeout; (timeout = poll_timeout_ms()) != 0;) {
    auto fds = poll_set();
    int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0 && errno != EINTR)
      break;
    if (ready > 0)
      dispatch(fds);
  }
  m_clients.clear(); // EOF to every subscriber: the output is over
}

// -1 (no timeout) while there is output; then what is left of the grace for attachers that
// have not subscribed yet (a `docker run` of a process that exits at once); 0 = done.
int IoRelay::poll_timeout_ms() {
  if (output_open())
    return -1;
  if (m_attachers <= 0)
    return 0;
  if (m_output_end_ms < 0)
    m_output_end_ms = now_ms();
  int64_t left = m_output_end_ms + ATTACH_GRACE_MS - now_ms();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Order: the two outputs, the listening socket, stdin, the init's pidfd, then one entry per
// client.
std::vector<pollfd> IoRelay::poll_set() const {
  std::vector<pollfd> fds;
  for (const auto& out : m_outputs)
    fds.push_back({out.fd.get(), POLLIN, 0});
  fds.push_back({m_listen.get(), POLLIN, 0});
  bool want_out = m_stdin && !m_stdin_pending.empty();
  fds.push_back({want_out ? m_stdin.get() : -1, POLLOUT, 0});
  fds.push_back({m_init_pidfd.get(), POLLIN, 0});
  for (const auto& c : m_clients)
    fds.push_back({c.fd.get(), POLLIN, 0});
  return fds;
}

void IoRelay::dispatch(const std::vector<pollfd>& ready) {
  constexpr short ANY = POLLIN | POLLOUT | POLLHUP | POLLERR;
  for (int i = 0; i < 2; ++i)
    if (ready[i].revents & ANY)
      read_output(m_outputs[i]);
  if (ready[2].revents & POLLIN)
    accept_clients();
  if (ready[3].revents & ANY)
    write_stdin();
  if (ready[4].revents & ANY)
    init_exited();
  // Clients accepted just now are not in `ready`; those polled are its first entries.
  constexpr size_t FIXED = 5;
  size_t polled = ready.size() - FIXED;
  std::vector<Client> kept;
  for (size_t i = 0; i < m_clients.size(); ++i) {
    bool keep = i >= polled || !(ready[FIXED + i].revents & ANY) || read_client(m_clients[i]);
    if (keep)
      kept.push_back(std::move(m_clients[i]));
  }
  m_clients = std::move(kept);
}

void IoRelay::init_exited() {
  m_init_pidfd.reset(); // once
  if (m_on_init_exit)
    m_on_init_exit();
}

void IoRelay::read_output(Output& out) {
  std::string packet(1 + READ_SIZE, '\0');
  packet[0] = static_cast<char>(out.stream);
  ssize_t n = ::read(out.fd.get(), packet.data() + 1, READ_SIZE);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (n <= 0) { // EOF; EIO on a pty master once every slave descriptor is closed
    m_log.flush(stream_name(out.stream), out.pending);
    out.fd.reset();
    return;
  }
  packet.resize(1 + static_cast<size_t>(n));
  m_log.feed(stream_name(out.stream), out.pending, std::string_view(packet).substr(1));
  keep_for_replay(packet);
  broadcast(packet);
}

void IoRelay::keep_for_replay(const std::string& packet) {
  if (m_attachers <= 0)
    return;
  if (m_replay_full || m_replay_bytes + packet.size() > REPLAY_LIMIT) {
    m_replay_full = true; // the start of the output only: later attaches follow live output
    return;
  }
  m_replay_bytes += packet.size();
  m_replay.push_back(packet);
}

void IoRelay::broadcast(const std::string& packet) {
  std::vector<Client> kept;
  for (auto& c : m_clients)
    if (!c.subscribed || send_packet(c, packet))
      kept.push_back(std::move(c));
  m_clients = std::move(kept);
}

// Blocks on a full socket for a while (the container's output waits, as with Docker's
// attach); a subscriber that does not read at all is dropped.
bool IoRelay::send_packet(Client& client, std::string_view packet) {
  for (;;) {
    ssize_t n = ::send(client.fd.get(), packet.data(), packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0)
      return true;
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN)
      return false;
    pollfd p{client.fd.get(), POLLOUT, 0};
    if (::poll(&p, 1, SLOW_CLIENT_MS) <= 0 || !(p.revents & POLLOUT))
      return false;
  }
}

void IoRelay::accept_clients() {
  for (;;) {
    int fd = ::accept4(m_listen.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
      return;
    m_clients.push_back(Client{Fd(fd), false});
  }
}

bool IoRelay::read_client(Client& client) {
  std::string message(runtime::SHIM_MAX_PACKET, '\0');
  ssize_t n = ::recv(client.fd.get(), message.data(), message.size(), MSG_DONTWAIT);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN;
  if (n == 0)
    return false;
  message.resize(static_cast<size_t>(n));
  handle_message(client, message);
  return true;
}

void IoRelay::handle_message(Client& client, std::string_view message) {
  auto type = static_cast<ShimMessage>(message[0]);
  std::string_view payload = message.substr(1);
  uint16_t rows = 0, cols = 0;
  switch (type) {
  case ShimMessage::Attach:
    client.subscribed = true;
    if (payload != "\1")
      break;
    for (const auto& packet : m_replay)
      if (!send_packet(client, packet))
        break;
    if (--m_attachers <= 0)
      m_replay.clear();
    break;
  case ShimMessage::Stdin:
    if (m_stdin)
      m_stdin_pending.append(payload);
    write_stdin();
    break;
  case ShimMessage::CloseStdin:
    m_close_stdin_when_flushed = true;
    write_stdin();
    break;
  case ShimMessage::Resize:
    if (m_terminal && runtime::parse_resize(payload, rows, cols))
      (void)runtime::set_window_size(m_terminal.get(), {rows, cols});
    break;
  }
}

void IoRelay::write_stdin() {
  while (m_stdin && !m_stdin_pending.empty()) {
    ssize_t n = ::write(m_stdin.get(), m_stdin_pending.data(), m_stdin_pending.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EAGAIN)
      return;    // the container has not read yet: POLLOUT brings us back
    if (n < 0) { // EPIPE: the container closed its stdin
      close_stdin();
      return;
    }
    m_stdin_pending.erase(0, static_cast<size_t>(n));
  }
  if (m_close_stdin_when_flushed)
    close_stdin();
}

void IoRelay::close_stdin() {
  m_stdin.reset();
  m_stdin_pending.clear();
  m_close_stdin_when_flushed = false;
}

} // namespace mydocker::shim
