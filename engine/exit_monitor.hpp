// One thread that notices shim exits through pidfds (works for our children and for
// shims adopted by init after a daemon restart) and reaps our own children.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::engine {

class ExitMonitor {
public:
  ExitMonitor();
  ~ExitMonitor(); // stops the thread; pending callbacks are dropped
  ExitMonitor(const ExitMonitor&) = delete;
  ExitMonitor& operator=(const ExitMonitor&) = delete;

  // `on_exit` runs on the monitor thread once `pid` has exited (at once if it already has).
  Result<void> watch(int pid, std::function<void()> on_exit);

private:
  void run();
  Fd m_epoll;
  Fd m_wakeup; // eventfd: stop
  std::mutex m_mutex;
  std::map<int, std::pair<Fd, std::function<void()>>> m_watched; // by pidfd
  std::thread m_thread;
};

} // namespace mydocker::engine
