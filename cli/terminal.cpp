#include "cli/terminal.hpp"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

namespace mydocker::cli {

RawTerminal::RawTerminal(int fd) : m_fd(fd) {
  termios t{};
  if (!::isatty(fd) || ::tcgetattr(fd, &t) != 0)
    return;
  m_saved = t;
  ::cfmakeraw(&t); // the container's own terminal does the output processing
  ::tcsetattr(fd, TCSANOW, &t);
}

RawTerminal::~RawTerminal() {
  if (m_saved)
    ::tcsetattr(m_fd, TCSANOW, &*m_saved);
}

std::optional<std::pair<int, int>> terminal_size(int fd) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) != 0)
    return std::nullopt;
  return std::pair<int, int>{ws.ws_row, ws.ws_col};
}

namespace {

int g_winch_write = -1;

void on_winch(int) {
  int saved = errno;
  char byte = 1;
  ssize_t ignored = ::write(g_winch_write, &byte, 1);
  (void)ignored;
  errno = saved;
}

} // namespace

Fd window_change_fd() {
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
    return Fd();
  g_winch_write = p[1];
  struct sigaction sa {};
  sa.sa_handler = on_winch;
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, nullptr);
  return Fd(p[0]);
}

bool stdin_fits_tty(bool attach_stdin, bool tty) {
  if (!tty || !attach_stdin || ::isatty(STDIN_FILENO))
    return true;
  std::cerr << "the input device is not a TTY\n";
  return false;
}

} // namespace mydocker::cli
