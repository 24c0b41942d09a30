#include "engine/runtime/tiny_init.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

namespace {

// Signals stay blocked and are taken with sigwaitinfo: a PID 1 without handlers would never
// see the ones sent from outside its namespace, blocked ones are queued.
[[noreturn]] void reap_forever(pid_t child) {
  sigset_t all;
  ::sigfillset(&all);
  for (;;) {
    siginfo_t info{};
    int sig = ::sigwaitinfo(&all, &info);
    if (sig > 0 && sig != SIGCHLD)
      ::kill(child, sig);
    int status = 0;
    for (pid_t done; (done = ::waitpid(-1, &status, WNOHANG)) > 0;)
      if (done == child)
        ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
}

} // namespace

std::string start_tiny_init(const InitFds& fds) {
  sigset_t all, previous;
  ::sigfillset(&all);
  ::sigprocmask(SIG_BLOCK, &all, &previous);
  pid_t child = ::fork();
  if (child < 0)
    return std::string("init: fork: ") + std::strerror(errno);
  if (child == 0) {
    ::sigprocmask(SIG_SETMASK, &previous, nullptr);
    return "";
  }
  // The shim learns that the exec succeeded when every copy of the error pipe is closed.
  ::close(fds.error_fd);
  ::close(fds.sync_fd);
  ::prctl(PR_SET_NAME, "docker-init"); // what `ps` shows for Docker's init
  reap_forever(child);
}

} // namespace mydocker::runtime
