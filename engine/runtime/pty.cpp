#include "engine/runtime/pty.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

Result<PtyPair> open_pty(const char* ptmx) {
  Fd master(::open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!master)
    return sys_error(std::string("open ") + ptmx);
  if (::unlockpt(master.get()) != 0)
    return sys_error("unlockpt");
  Fd slave(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave)
    return sys_error("open pty slave");
  return PtyPair{std::move(master), std::move(slave)};
}

Result<void> make_controlling_terminal(int slave) {
  if (::ioctl(slave, TIOCSCTTY, 0) != 0)
    return sys_error("set controlling terminal");
  for (int target = 0; target <= 2; ++target)
    if (::dup2(slave, target) < 0)
      return sys_error("dup2 pty slave");
  return {};
}

Result<void> set_window_size(int tty_fd, WindowSize size) {
  if (size.rows == 0 && size.cols == 0)
    return {};
  winsize ws{};
  ws.ws_row = size.rows;
  ws.ws_col = size.cols;
  if (::ioctl(tty_fd, TIOCSWINSZ, &ws) != 0)
    return sys_error("set window size");
  return {};
}

Result<WindowSize> window_size(int tty_fd) {
  winsize ws{};
  if (::ioctl(tty_fd, TIOCGWINSZ, &ws) != 0)
    return sys_error("get window size");
  return WindowSize{ws.ws_row, ws.ws_col};
}

Result<void> send_fd(int socket, int fd) {
  char byte = 'F';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(cm), &fd, sizeof(int));
  while (::sendmsg(socket, &msg, MSG_NOSIGNAL) < 0)
    if (errno != EINTR)
      return sys_error("send descriptor");
  return {};
}

Result<Fd> receive_fd(int socket) {
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC)) < 0)
    if (errno != EINTR)
      return sys_error("receive descriptor");
  for (cmsghdr* cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
      int fd = -1;
      std::memcpy(&fd, CMSG_DATA(cm), sizeof(int));
      return Fd(fd);
    }
  return make_error(Errc::Unavailable,
                    n == 0 ? "receive descriptor: peer closed" : "receive descriptor: none sent");
}

} // namespace mydocker::runtime
