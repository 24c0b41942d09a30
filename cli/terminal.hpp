// The client's terminal for `run -it` and `attach`: raw mode while attached (restored on
// every way out), its size for ConsoleSize and resize, SIGWINCH as a readable descriptor.
#pragma once

#include <termios.h>

#include <optional>
#include <utility>

#include "common/fd.hpp"

namespace mydocker::cli {

// Raw mode on `fd` (as the docker CLI's term.MakeRaw) for the lifetime of the object; nothing
// when `fd` is not a terminal.
class RawTerminal {
public:
  explicit RawTerminal(int fd);
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

private:
  int m_fd;
  std::optional<termios> m_saved;
};

// The docker CLI's CheckTty: a terminal in the container with stdin attached needs one here
// (piped input cannot be put in raw mode). Prints "the input device is not a TTY" and returns
// false when stdin is not one.
bool stdin_fits_tty(bool attach_stdin, bool tty);

// rows, columns of the terminal on `fd`; nullopt when it is not one.
std::optional<std::pair<int, int>> terminal_size(int fd);

// A descriptor that becomes readable on every SIGWINCH (self-pipe); drain it with read.
Fd window_change_fd();

} // namespace mydocker::cli
