// The shim's stdio loop: copies the container's output into the json-file log and to every
// daemon connection subscribed on the attach socket (engine/runtime/shim_socket.hpp), feeds
// stdin from them and resizes the terminal. Keeps the start of the output (up to a bound) so
// an attach made right after the start (docker run) misses nothing. Single-threaded, poll(2).
#pragma once

#include <poll.h>

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/fd.hpp"
#include "engine/shim/json_log.hpp"

namespace mydocker::shim {

struct RelayFds {
  Fd stdout_fd; // pipe read end, or the pty master with a tty
  Fd stderr_fd; // none with a tty
  Fd stdin_fd;  // pipe write end or a dup of the pty master; none without OpenStdin
  Fd listen_fd; // the attach socket, non-blocking
  bool tty = false;
  int attachers = 0; // attaches waiting for this start (ProcessSpec::attachers)
  // A pidfd of the container's init and what to do once when it has exited (kill what it left
  // holding the output open: shim main, --pid host|container:X); none = nothing to do.
  Fd init_pidfd;
  std::function<void()> on_init_exit;
};

class IoRelay {
public:
  IoRelay(RelayFds fds, JsonLog& log);
  // Until the container's output has ended (and the expected attaches subscribed, for a
  // while); then every connection is closed (EOF).
  void run();

private:
  struct Output {
    Fd fd;
    int stream; // 1 stdout, 2 stderr
    std::string pending;
  };
  struct Client {
    Fd fd;
    bool subscribed = false;
  };
  bool output_open() const { return m_outputs[0].fd || m_outputs[1].fd; }
  int poll_timeout_ms();
  std::vector<pollfd> poll_set() const;
  void dispatch(const std::vector<pollfd>& ready);
  void init_exited();
  void read_output(Output& out);
  void keep_for_replay(const std::string& packet);
  void broadcast(const std::string& packet);
  bool send_packet(Client& client, std::string_view packet);
  void accept_clients();
  bool read_client(Client& client); // false: drop it
  void handle_message(Client& client, std::string_view message);
  void write_stdin();
  void close_stdin();

  Output m_outputs[2];
  Fd m_stdin;
  Fd m_listen;
  Fd m_init_pidfd;
  std::function<void()> m_on_init_exit;
  Fd m_terminal; // the pty master (for resize), a dup of stdout's with a tty
  bool m_tty;
  JsonLog& m_log;
  std::vector<Client> m_clients;
  std::string m_stdin_pending;
  bool m_close_stdin_when_flushed = false;
  // Output packets since the start (up to REPLAY_LIMIT), kept while `m_attachers` expected
  // subscriptions have not arrived.
  int m_attachers = 0;
  std::deque<std::string> m_replay;
  size_t m_replay_bytes = 0;
  bool m_replay_full = false;
  int64_t m_output_end_ms = -1; // steady clock, once the output has ended
};

} // namespace mydocker::shim
