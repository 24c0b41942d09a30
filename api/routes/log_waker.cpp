#include "api/routes/log_waker.hpp"

#include <sys/inotify.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mydocker::api {

using namespace asio::experimental::awaitable_operators;

LogWaker::LogWaker(const asio::any_io_executor& executor, const std::string& log_path)
    : m_timer(std::make_shared<asio::steady_timer>(executor)),
      m_exited(std::make_shared<bool>(false)) {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return;
  std::string dir = log_path.substr(0, log_path.rfind('/'));
  if (::inotify_add_watch(fd, dir.c_str(), IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) <
      0) {
    ::close(fd);
    return;
  }
  m_inotify = std::make_unique<boost::asio::posix::stream_descriptor>(executor, fd);
}

void LogWaker::watch_exit(engine::ContainerService& svc, const std::string& id) {
  if (m_exit_registered)
    return;
  auto timer = m_timer;
  auto exited = m_exited;
  auto registered = svc.wait(id, engine::WaitCondition::NextExit, [timer, exited](int) {
    asio::post(timer->get_executor(), [timer, exited] {
      *exited = true;
      timer->cancel();
    });
  });
  m_exit_registered = registered.has_value();
}

asio::awaitable<void> LogWaker::wait() {
  if (*m_exited) { // consumed: the next exit needs a new registration
    *m_exited = false;
    m_exit_registered = false;
    co_return;
  }
  m_timer->expires_after(CLIENT_CHECK);
  auto tick = m_timer->async_wait(asio::as_tuple(asio::use_awaitable));
  if (!m_inotify) {
    co_await std::move(tick);
    co_return;
  }
  char events[4096];
  co_await (m_inotify->async_read_some(asio::buffer(events), asio::as_tuple(asio::use_awaitable)) ||
            std::move(tick));
}

} // namespace mydocker::api
