#include "engine/shim/io_relay.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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
// Once the output has ended, a subscriber that takes none of what is queued for it for this
// long is given up (while the container runs it is waited for, as Docker's attach does).
constexpr int64_t STALLED_CLIENT_MS = 10'000;
// A subscriber holding this much output pauses the reading of the container's output.
constexpr size_t CLIENT_QUEUE_LIMIT = 1024 * 1024;
constexpr size_t READ_SIZE = runtime::SHIM_MAX_PACKET - 1;
constexpr size_t FIXED_POLL_ENTRIES = 5; // poll_set(): the entries before the clients

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
      m_on_init_exit(std::move(fds.on_init_exit)), m_tty(fds.tty), m_log(log),
      m_attachers(fds.attachers) {
  if (fds.process_pid > 0) // readable once it has exited (not reaped: the shim's waitpid is)
    m_process.reset(static_cast<int>(::syscall(SYS_pidfd_open, fds.process_pid, 0)));
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
  for (auto& c : m_clients) // EOF to every subscriber: the output is over
    c.close();
  m_clients.clear();
}

// -1 (no timeout) while the container runs and writes; then what is left of the grace for
// attachers that have not subscribed yet (a `docker run` of a process that exits at once)
// and of the time the subscribers have to take what is queued for them; 0 = done.
int IoRelay::poll_timeout_ms() {
  int64_t now = now_ms();
  bool ended = !output_open();
  int64_t replay_left = ended ? 0 : stop_waiting_for_attachers(now);
  if (!ended && !m_process_exited)
    return replay_left > 0 ? static_cast<int>(replay_left) : -1;
  if (ended && m_output_end_ms < 0)
    m_output_end_ms = now;
  int64_t left = ended && m_attachers > 0 ? m_output_end_ms + ATTACH_GRACE_MS - now : 0;
  left = std::max({left, replay_left, drop_stalled(now)});
  int timeout = static_cast<int>(std::min<int64_t>(left, 60'000));
  if (!ended) // the process has gone, its output is still being read (and waits for no one)
    return left > 0 ? timeout : -1;
  return left > 0 ? timeout : 0;
}

// Once the container has exited, a subscriber that takes none of its output for a while is
// given up (while it runs, its writes wait, as with Docker). Returns the time until the next
// subscriber would stall.
int64_t IoRelay::drop_stalled(int64_t now) {
  int64_t left = 0;
  for (auto& c : m_clients) {
    if (!c.has_queued())
      continue;
    int64_t stalled_left = c.progress_ms() + STALLED_CLIENT_MS - now;
    if (stalled_left <= 0)
      c.dropped = true;
    left = std::max(left, stalled_left);
  }
  remove_dropped();
  return left;
}

void IoRelay::remove_dropped() {
  for (auto& c : m_clients)
    if (c.dropped)
      c.close();
  std::erase_if(m_clients, [](const RelayClient& c) { return c.dropped; });
}

// A full replay for attachers still to come, or a subscriber holding too much output: the
// container's output waits.
bool IoRelay::output_paused() const {
  if (m_attachers > 0 && m_replay_full_ms >= 0)
    return true;
  for (const auto& c : m_clients)
    if (c.queued_bytes() > CLIENT_QUEUE_LIMIT)
      return true;
  return false;
}

// Order: the two outputs, the listening socket, stdin, the process, then one per client.
std::vector<pollfd> IoRelay::poll_set() const {
  std::vector<pollfd> fds;
  bool paused = output_paused();
  for (const auto& out : m_outputs)
    fds.push_back({paused ? -1 : out.fd.get(), POLLIN, 0});
  fds.push_back({m_listen.get(), POLLIN, 0});
  bool want_out = m_stdin && !m_stdin_pending.empty();
  fds.push_back({want_out ? m_stdin.get() : -1, POLLOUT, 0});
  fds.push_back({m_process_exited ? -1 : m_process.get(), POLLIN, 0});
  for (const auto& c : m_clients)
    fds.push_back({c.fd(), static_cast<short>(POLLIN | (c.has_queued() ? POLLOUT : 0)), 0});
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
  // Clients accepted just now are not in `ready`; those polled are its first entries (a
  // broadcast only marks the clients it drops, so the positions still match here).
  size_t polled = std::min(ready.size() - FIXED_POLL_ENTRIES, m_clients.size());
  for (size_t i = 0; i < polled; ++i) {
    RelayClient& c = m_clients[i];
    short revents = ready[FIXED_POLL_ENTRIES + i].revents;
    if (revents & POLLOUT)
      c.flush(now_ms());
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && !c.dropped && !read_client(c))
      c.dropped = true;
  }
  remove_dropped();
}

void IoRelay::init_exited() {
  m_process_exited = true; // polled no more: once
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

// While attaches counted at the start have not subscribed, everything is kept for them; once
// that is REPLAY_LIMIT, the container's output waits for them (output_paused) rather than
// going past them, for ATTACH_GRACE_MS at most.
void IoRelay::keep_for_replay(const std::string& packet) {
  if (m_attachers <= 0)
    return;
  m_replay_bytes += packet.size();
  m_replay.push_back(packet);
  if (m_replay_bytes >= REPLAY_LIMIT && m_replay_full_ms < 0)
    m_replay_full_ms = now_ms();
}

// The time left to wait for the attachers with a full replay; once it is over they are not
// waited for any more (a late one follows the live output).
int64_t IoRelay::stop_waiting_for_attachers(int64_t now) {
  if (m_attachers <= 0 || m_replay_full_ms < 0)
    return 0;
  int64_t left = m_replay_full_ms + ATTACH_GRACE_MS - now;
  if (left > 0)
    return left;
  m_attachers = 0;
  forget_replay();
  return 0;
}

void IoRelay::forget_replay() {
  m_replay.clear();
  m_replay_bytes = 0;
  m_replay_full_ms = -1;
}

// A subscriber that cannot take the packet is only marked: dispatch() removes it once it has
// matched the poll results to the clients by position.
void IoRelay::broadcast(const std::string& packet) {
  int64_t now = now_ms();
  for (auto& c : m_clients)
    if (c.subscribed)
      c.push(packet, now);
}

void IoRelay::accept_clients() {
  for (;;) {
    int fd = ::accept4(m_listen.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
      return;
    m_clients.emplace_back(Fd(fd));
  }
}

bool IoRelay::read_client(RelayClient& client) {
  std::string message(runtime::SHIM_MAX_PACKET, '\0');
  ssize_t n = ::recv(client.fd(), message.data(), message.size(), MSG_DONTWAIT);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN;
  if (n == 0)
    return false;
  message.resize(static_cast<size_t>(n));
  handle_message(client, message);
  return true;
}

void IoRelay::handle_message(RelayClient& client, std::string_view message) {
  auto type = static_cast<ShimMessage>(message[0]);
  std::string_view payload = message.substr(1);
  uint16_t rows = 0, cols = 0;
  switch (type) {
  case ShimMessage::Attach:
    client.subscribed = true;
    if (payload != "\1")
      break;
    for (const auto& packet : m_replay)
      client.push(packet, now_ms());
    if (--m_attachers <= 0)
      forget_replay();
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
