#include "engine/runtime/inherited_fds.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace mydocker::runtime {

namespace {

int highest_fd() {
  long max = ::sysconf(_SC_OPEN_MAX);
  return max > 0 && max < (1 << 24) ? static_cast<int>(max) : (1 << 20);
}

} // namespace

void close_fds_from(int first) {
  if (::close_range(static_cast<unsigned>(first), ~0U, 0) == 0)
    return;
  for (int fd = first, last = highest_fd(); fd < last; ++fd)
    ::close(fd);
}

int cloexec_fds_from(int first) {
  if (::close_range(static_cast<unsigned>(first), ~0U, CLOSE_RANGE_CLOEXEC) == 0)
    return 0;
  // EINVAL (no CLOSE_RANGE_CLOEXEC before 5.11), ENOSYS, or EPERM from a seccomp profile.
  for (int fd = first, last = highest_fd(); fd < last; ++fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0 && !(flags & FD_CLOEXEC) && ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) != 0)
      return errno;
  }
  return 0;
}

} // namespace mydocker::runtime
