// The shim's stdio loop: copies the container's output into the json-file log and to every
// daemon connection subscribed on the attach socket (engine/runtime/shim_socket.hpp), feeds
// stdin from them and resizes the terminal. Keeps the output from the start for the attaches
// made before it (docker run) until they subscribe, so they miss nothing (past a bound the
// container's output waits for them, for a while). Single-threaded, poll(2).
#pragma once

#include <poll.h>

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/fd.hpp"
#include "engine/shim/json_log.hpp"
#include "engine/shim/relay_client.hpp"

namespace mydocker::shim {

struct RelayFds {
  Fd stdout_fd; // pipe read end, or the pty master with a tty
  Fd stderr_fd; // none with a tty
  Fd stdin_fd;  // pipe write end or a dup of the pty master; none without OpenStdin
  Fd listen_fd; // the attach socket, non-blocking
  bool tty = false;
  int attachers = 0;   // attaches waiting for this start (ProcessSpec::attachers)
  int process_pid = 0; // the container's process: once it has exited, no subscriber is awaited
  // What to do once when the process has exited (--pid host|container:X: kill what it left
  // holding the output open, shim main); empty = nothing.
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
  bool output_open() const { return m_outputs[0].fd || m_outputs[1].fd; }
  bool output_paused() const;
  int poll_timeout_ms();
  int64_t drop_stalled(int64_t now);
  void remove_dropped();
  std::vector<pollfd> poll_set() const;
  void dispatch(const std::vector<pollfd>& ready);
  void init_exited();
  void read_output(Output& out);
  void keep_for_replay(const std::string& packet);
  int64_t stop_waiting_for_attachers(int64_t now);
  void forget_replay();
  void broadcast(const std::string& packet);
  void accept_clients();
  bool read_client(RelayClient& client); // false: drop it
  void handle_message(RelayClient& client, std::string_view message);
  void write_stdin();
  void close_stdin();

  Output m_outputs[2];
  Fd m_stdin;
  Fd m_listen;
  std::function<void()> m_on_init_exit;
  Fd m_terminal; // the pty master (for resize), a dup of stdout's with a tty
  Fd m_process;  // pidfd of the container's process (none: its exit is not watched)
  bool m_process_exited = false;
  bool m_tty;
  JsonLog& m_log;
  std::vector<RelayClient> m_clients;
  std::string m_stdin_pending;
  bool m_close_stdin_when_flushed = false;
  // Output packets since the start, kept while `m_attachers` expected subscriptions have not
  // arrived (the output is not read further once they hold REPLAY_LIMIT, for a while).
  int m_attachers = 0;
  std::deque<std::string> m_replay;
  size_t m_replay_bytes = 0;
  int64_t m_replay_full_ms = -1; // steady clock, once the replay holds REPLAY_LIMIT
  int64_t m_output_end_ms = -1;  // steady clock, once the output has ended
};

} // namespace mydocker::shim
