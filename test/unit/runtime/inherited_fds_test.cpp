// What a container's init and the shim do with inherited descriptors, in a forked child (the
// test process keeps its own).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/runtime/inherited_fds.hpp"

using namespace mydocker::runtime;

namespace {

// Runs `body` in a child; its exit code (0 = every check in it held).
template <class Body> int in_child(Body body) {
  pid_t pid = ::fork();
  if (pid == 0)
    ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

bool cloexec(int fd) {
  return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

} // namespace

TEST_CASE("cloexec_fds_from marks every higher descriptor and keeps it open") {
  CHECK(in_child([] {
          int low = ::dup(0), high = ::fcntl(0, F_DUPFD, 200);
          if (low < 3 || high < 200 || cloexec(low) || cloexec(high))
            return 1;
          if (cloexec_fds_from(3) != 0)
            return 2;
          if (!cloexec(low) || !cloexec(high) || cloexec(0) || cloexec(1) || cloexec(2))
            return 3;
          return ::fcntl(high, F_GETFD) >= 0 ? 0 : 4; // still open
        }) == 0);
}

TEST_CASE("close_fds_from closes every higher descriptor and nothing below") {
  CHECK(in_child([] {
          int keep = ::dup2(0, 3), gone = ::fcntl(0, F_DUPFD, 4), far = ::fcntl(0, F_DUPFD, 300);
          if (keep != 3 || gone < 4 || far < 300)
            return 1;
          close_fds_from(4);
          if (::fcntl(3, F_GETFD) < 0)
            return 2;
          return ::fcntl(gone, F_GETFD) < 0 && ::fcntl(far, F_GETFD) < 0 ? 0 : 3;
        }) == 0);
}
