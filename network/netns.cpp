#include "network/netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace mydocker::network {

Result<Fd> create_netns() {
  int fd = -1;
  int error = 0;
  // unshare() changes only the calling thread's namespace: a throwaway thread keeps the
  // daemon's own threads where they are.
  std::thread maker([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      error = errno;
      return;
    }
    fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      error = errno;
  });
  maker.join();
  if (fd < 0)
    return sys_error("create network namespace", error);
  return Fd(fd);
}

std::string netns_path_of_fd(int fd) {
  return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd);
}

} // namespace mydocker::network
