// Root tests: a fresh network namespace held by an fd. Nothing in it touches the host, and
// closing the fd (after every socket in it is closed) makes the kernel delete it with all its
// links, addresses, routes and nftables tables, also when a test fails half-way.
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/fd.hpp"

namespace mydocker::network::test {

inline Fd new_netns() {
  int fd = -1;
  std::thread maker([&] { // unshare() moves only this thread, which then exits
    if (::unshare(CLONE_NEWNET) == 0)
      fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  });
  maker.join();
  if (fd < 0)
    throw std::runtime_error("cannot create a network namespace");
  return Fd(fd);
}

// Runs `body` on a thread that joined `netns` (for libraries that use the current namespace).
inline void run_in_netns(const Fd& netns, const std::function<void()>& body) {
  std::exception_ptr failure;
  std::thread runner([&] {
    try {
      if (::setns(netns.get(), CLONE_NEWNET) < 0)
        throw std::runtime_error("setns failed");
      body();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  runner.join();
  if (failure)
    std::rethrow_exception(failure);
}

} // namespace mydocker::network::test
