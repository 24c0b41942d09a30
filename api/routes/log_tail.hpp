// Shared by logs and attach: the records a LogCursor yields, framed for the client, and
// the follow loop that sends them until the container's output is over.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/log_waker.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "common/time_format.hpp"
#include "engine/json_log_reader.hpp"

namespace mydocker::api {

inline std::string frame(int stream, const std::string& data) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(stream);
  uint32_t n = static_cast<uint32_t>(data.size());
  out[4] = static_cast<char>(n >> 24);
  out[5] = static_cast<char>(n >> 16);
  out[6] = static_cast<char>(n >> 8);
  out[7] = static_cast<char>(n);
  return out + data;
}

// Output is over once the container is gone, stopped, or failed to start.
inline bool output_finished(const Result<engine::ContainerRecord>& r) {
  if (!r)
    return true;
  engine::Status s = r->state.status;
  if (s == engine::Status::Created)
    return !r->state.error.empty();
  return s != engine::Status::Running && s != engine::Status::Paused &&
         s != engine::Status::Restarting;
}

struct StreamChoice {
  bool stdout_wanted = true;
  bool stderr_wanted = true;
  bool timestamps = false;
  bool tty = false;
};

inline std::string render(const engine::LogRecord& rec, const StreamChoice& c) {
  if ((rec.stream == 1 && !c.stdout_wanted) || (rec.stream == 2 && !c.stderr_wanted))
    return "";
  std::string text = c.timestamps ? format_rfc3339_fixed9(rec.time) + " " + rec.text : rec.text;
  return c.tty ? text : frame(rec.stream, text);
}

inline std::string render_all(const std::vector<engine::LogRecord>& records,
                              const StreamChoice& c) {
  std::string out;
  for (const auto& r : records)
    out += render(r, c);
  return out;
}

// Sends new log records until the container's output is over; false if the client left.
template <class Write, class Finished>
asio::awaitable<bool> tail(engine::ContainerService& svc, Responder& res, const std::string& id,
                           const std::string& log_path, engine::LogCursor& cursor,
                           const StreamChoice& choice, Write write, Finished finished) {
  LogWaker waker(co_await asio::this_coro::executor, log_path);
  for (;;) {
    waker.watch_exit(svc, id); // before the read: an exit after it still wakes us
    auto records = co_await run_blocking(res.blocking_pool(), [&] { return cursor.read(); });
    if (!records.empty()) {
      std::string out = render_all(records, choice);
      if (!out.empty() && !co_await write(out))
        co_return false;
      continue;
    }
    auto state = co_await run_blocking(res.blocking_pool(), [&] { return svc.snapshot(id); });
    if (finished(state)) {
      for (;;) { // what was written before it ended
        auto last = co_await run_blocking(res.blocking_pool(), [&] { return cursor.read(); });
        if (last.empty())
          co_return true;
        std::string rest = render_all(last, choice);
        if (!rest.empty() && !co_await write(rest))
          co_return false;
      }
    }
    co_await waker.wait(); // inotify or the exit: never a timer between records
  }
}

} // namespace mydocker::api
