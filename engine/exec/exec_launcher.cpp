#include "engine/exec/exec_launcher.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include <nlohmann/json.hpp>

extern char** environ;

namespace mydocker::engine {

namespace {

constexpr int START_TIMEOUT_MS = 30'000;

// One end for us, one for the helper's stdio slot; `ours_writes`: stdin.
struct Channel {
  Fd ours, theirs;
};

Result<Channel> make_channel(bool wanted, bool ours_writes) {
  Channel c;
  if (!wanted) {
    c.theirs = Fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!c.theirs)
      return sys_error("open /dev/null");
    return c;
  }
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0)
    return sys_error("pipe");
  c.ours = Fd(ours_writes ? p[1] : p[0]);
  c.theirs = Fd(ours_writes ? p[0] : p[1]);
  return c;
}

Result<int> spawn_helper(const ExecLaunch& l, const int stdio[3], int report_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  for (int i = 0; i < 3; ++i)
    posix_spawn_file_actions_adddup2(&actions, stdio[i], i);
  posix_spawn_file_actions_adddup2(&actions, report_fd, runtime::EXEC_REPORT_FD);
  sigset_t defaults, none;
  sigfillset(&defaults);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::string arg0 = "mydocker-shim", mode = "exec", pid = std::to_string(l.init_pid);
  std::string process = nlohmann::json(l.process).dump();
  char* argv[] = {arg0.data(), mode.data(),    const_cast<char*>(l.state_dir.c_str()),
                  pid.data(),  process.data(), nullptr};
  pid_t child = 0;
  int rc = posix_spawn(&child, l.shim_path.c_str(), &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    return sys_error("start exec helper " + l.shim_path, rc);
  return static_cast<int>(child);
}

// One message; a descriptor passed with it (SCM_RIGHTS: a tty's master) lands in `passed`.
ssize_t receive(int fd, char* buf, size_t size, Fd& passed) {
  iovec iov{buf, size};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
  for (cmsghdr* cm = n > 0 ? CMSG_FIRSTHDR(&msg) : nullptr; cm; cm = CMSG_NXTHDR(&msg, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
      int received = -1;
      std::memcpy(&received, CMSG_DATA(cm), sizeof received);
      passed.reset(received);
    }
  return n;
}

// "ok <pid>" or "err <code> <text>", skipping the descriptor message before it.
Result<std::string> read_start_report(int fd, Fd& passed) {
  char buf[8192];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, START_TIMEOUT_MS);
    if (ready == 0)
      return internal_error("timed out waiting for the exec'd process to start");
    if (ready < 0 && errno == EINTR)
      continue;
    Fd received;
    ssize_t n = receive(fd, buf, sizeof buf, received);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return internal_error("the exec helper exited before the process started");
    if (received) {
      passed = std::move(received);
      continue;
    }
    return std::string(buf, static_cast<size_t>(n));
  }
}

} // namespace

Result<LaunchedExec> launch_exec(const ExecLaunch& l) {
  bool tty = l.process.tty; // then the pty carries the streams
  auto in = TRY(make_channel(l.attach_stdin && !tty, true));
  auto out = TRY(make_channel(l.attach_stdout && !tty, false));
  auto err = TRY(make_channel(l.attach_stderr && !tty, false));
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return sys_error("socketpair");
  LaunchedExec e;
  e.report = Fd(sv[0]);
  Fd theirs(sv[1]);
  int stdio[3] = {in.theirs.get(), out.theirs.get(), err.theirs.get()};
  e.helper_pid = TRY(spawn_helper(l, stdio, theirs.get()));
  theirs.reset();
  in.theirs.reset();
  out.theirs.reset();
  err.theirs.reset();
  auto report = read_start_report(e.report.get(), e.tty_master);
  if (report && report->rfind("ok ", 0) == 0) {
    e.pid = std::atoi(report->c_str() + 3);
    e.stdin_fd = std::move(in.ours);
    e.stdout_fd = std::move(out.ours);
    e.stderr_fd = std::move(err.ours);
    return e;
  }
  ::waitpid(e.helper_pid, nullptr, 0); // it exits right after a failed start
  e.helper_pid = 0;
  if (!report)
    return tl::unexpected(report.error());
  // "err <code> <text>"
  std::string text = report->substr(std::min<size_t>(4, report->size()));
  size_t space = text.find(' ');
  e.failed_code = std::atoi(text.substr(0, space).c_str());
  e.failure = space == std::string::npos ? text : text.substr(space + 1);
  return e;
}

std::optional<int> read_exit_report(int report_fd) {
  char buf[256];
  for (;;) {
    ssize_t n = ::recv(report_fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return std::nullopt;
    std::string msg(buf, static_cast<size_t>(n));
    if (msg.rfind("exit ", 0) == 0)
      return std::atoi(msg.c_str() + 5);
  }
}

} // namespace mydocker::engine
