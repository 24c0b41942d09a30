#include "network/netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/log.hpp"

namespace mydocker::network {

namespace {

Fd open_thread_netns() {
  return Fd(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
}

Result<void> enter(int netns_fd) {
  int rc = netns_fd == fresh_netns ? ::unshare(CLONE_NEWNET) : ::setns(netns_fd, CLONE_NEWNET);
  if (rc != 0)
    return sys_error(netns_fd == fresh_netns ? "create network namespace" : "setns net");
  return {};
}

// Puts the thread back also when `work` throws.
struct ReturnTo {
  const Fd& own;
  ~ReturnTo() {
    if (::setns(own.get(), CLONE_NEWNET) == 0)
      return;
    log::error("cannot return a daemon thread to its network namespace: " +
               std::string(std::strerror(errno)));
    std::abort();
  }
};

} // namespace

Result<void> run_in_netns(int netns_fd, const std::function<void()>& work) {
  Fd own = open_thread_netns();
  if (!own)
    return sys_error("open /proc/thread-self/ns/net");
  TRY_VOID(enter(netns_fd));
  ReturnTo back{own};
  work();
  return {};
}

Result<Fd> create_netns() {
  Fd made;
  int error = 0;
  TRY_VOID(run_in_netns(fresh_netns, [&] {
    made = open_thread_netns();
    error = errno;
  }));
  if (!made)
    return sys_error("open the new network namespace", error);
  return made;
}

std::string netns_path_of_fd(int fd) {
  return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd);
}

} // namespace mydocker::network
