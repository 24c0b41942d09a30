#include "engine/exit_monitor.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.hpp"

namespace mydocker::engine {

namespace {

// An exception must not end the daemon through this thread: it is logged, the monitor goes on.
void run_callback(const std::function<void()>& callback) {
  try {
    callback();
  } catch (const std::exception& e) {
    log::error(std::string("exit monitor: a callback failed: ") + e.what());
  } catch (...) {
    log::error("exit monitor: a callback failed with an unknown exception");
  }
}

} // namespace

ExitMonitor::ExitMonitor()
    : m_epoll(::epoll_create1(EPOLL_CLOEXEC)), m_wakeup(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = m_wakeup.get();
  ::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, m_wakeup.get(), &ev);
  m_thread = std::thread([this] { run(); });
}

ExitMonitor::~ExitMonitor() {
  uint64_t one = 1;
  ssize_t ignored = ::write(m_wakeup.get(), &one, sizeof one);
  (void)ignored;
  m_thread.join();
}

Result<void> ExitMonitor::watch(int pid, std::function<void()> on_exit) {
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    if (errno != ESRCH)
      return sys_error("pidfd_open");
    on_exit(); // already gone
    return {};
  }
  std::lock_guard lock(m_mutex);
  m_watched[pidfd] = {Fd(pidfd), std::move(on_exit)};
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = pidfd;
  if (::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, pidfd, &ev) != 0)
    return sys_error("epoll_ctl");
  return {};
}

void ExitMonitor::run() {
  epoll_event events[16];
  for (;;) {
    int n = ::epoll_wait(m_epoll.get(), events, 16, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == m_wakeup.get())
        return;
      std::function<void()> callback;
      {
        std::lock_guard lock(m_mutex);
        auto it = m_watched.find(fd);
        if (it == m_watched.end())
          continue;
        ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
        siginfo_t info{};
        ::waitid(P_PIDFD, static_cast<id_t>(fd), &info, WEXITED | WNOHANG); // reap our own child
        callback = std::move(it->second.second);
        m_watched.erase(it);
      }
      run_callback(callback);
    }
  }
}

} // namespace mydocker::engine
