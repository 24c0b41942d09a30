// Wakes a `logs -f` when there may be something new to read, instead of re-reading the log on
// a timer: inotify on the log's directory (the shim's writes, rotations) and the container's
// next exit. A slow timer remains only to notice a client that left while nothing happened.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "api/server/http_context.hpp"
#include "engine/container_service.hpp"

namespace mydocker::api {

class LogWaker {
public:
  static constexpr auto CLIENT_CHECK = std::chrono::milliseconds(500);
  // Watches the directory of `log_path`; without inotify, waits fall back to CLIENT_CHECK.
  LogWaker(const asio::any_io_executor& executor, const std::string& log_path);
  // Registers for the container's next exit (again after each one; Restarting goes on).
  void watch_exit(engine::ContainerService& svc, const std::string& id);
  // Returns when the log changed, the container exited, or CLIENT_CHECK passed.
  asio::awaitable<void> wait();

private:
  std::unique_ptr<boost::asio::posix::stream_descriptor> m_inotify;
  std::shared_ptr<asio::steady_timer> m_timer;
  std::shared_ptr<bool> m_exited;
  bool m_exit_registered = false;
};

} // namespace mydocker::api
