// Pseudo-terminals for containers (Tty: true) and exec -it: the process's side allocates a
// pair from its own devpts instance and makes the slave its controlling terminal and stdio;
// the master travels to the shim over a unix socket (SCM_RIGHTS), which relays it and
// resizes it. Plain syscalls, no exceptions: usable between clone and exec.
#pragma once

#include <cstdint>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::runtime {

struct PtyPair {
  Fd master; // O_CLOEXEC, O_NOCTTY
  Fd slave;  // O_CLOEXEC, O_NOCTTY (dup2 onto 0-2 clears close-on-exec there)
};

struct WindowSize {
  uint16_t rows = 0;
  uint16_t cols = 0;
};

// A new pair from the devpts instance behind `ptmx` (in a container: its own /dev/ptmx, a
// link to pts/ptmx). The slave is opened from the master (TIOCGPTPEER), not by a path the
// container controls.
Result<PtyPair> open_pty(const char* ptmx = "/dev/ptmx");

// In a process that is a session leader (setsid): `slave` becomes its controlling terminal
// and its stdin, stdout and stderr.
Result<void> make_controlling_terminal(int slave);

// TIOCSWINSZ; a size of 0x0 is ignored (Docker's ConsoleSize [0,0] means "not given").
Result<void> set_window_size(int tty_fd, WindowSize size);
Result<WindowSize> window_size(int tty_fd);

// One descriptor over a unix socket (SCM_RIGHTS with a one-byte payload).
Result<void> send_fd(int socket, int fd);
// Unavailable when the peer closed the socket without sending one.
Result<Fd> receive_fd(int socket);

} // namespace mydocker::runtime
