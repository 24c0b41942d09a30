// Streams the JSON progress messages of a long service call (pull, push) as chunked JSON
// lines while it runs on the blocking pool. The call feeds a locked queue; each message
// posts a wake-up onto the connection's strand, where this coroutine drains the queue, so
// the reactor never waits on the call. An error before the first message is an HTTP
// error; after it, a {"errorDetail":...} line, as dockerd does.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/server/http_context.hpp"
#include "api/server/run_blocking.hpp"
#include "common/log.hpp"
#include "layers/image_service.hpp"

namespace mydocker::api {

class ProgressQueue : public std::enable_shared_from_this<ProgressQueue> {
public:
  explicit ProgressQueue(asio::any_io_executor strand) : m_timer(strand) {}

  void push(const nlohmann::json& message) {
    std::lock_guard lock(m_mutex);
    m_lines.push_back(message.dump() + "\r\n");
    wake_locked();
  }
  void finish(Result<void> result) {
    std::lock_guard lock(m_mutex);
    m_result = std::move(result);
    wake_locked();
  }
  // What arrived since the last call; `done` once the call returned and all was taken.
  std::string take(std::optional<Result<void>>& done) {
    std::lock_guard lock(m_mutex);
    std::string out;
    for (auto& l : m_lines)
      out += l;
    m_lines.clear();
    if (out.empty() && m_result)
      done = *m_result;
    return out;
  }
  // Returns on the next wake-up (or after a short while: a lost wake-up only delays).
  asio::awaitable<void> wait() {
    m_timer.expires_after(std::chrono::milliseconds(200));
    co_await m_timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }

private:
  void wake_locked() {
    if (m_wake_posted)
      return;
    m_wake_posted = true;
    asio::post(m_timer.get_executor(), [self = shared_from_this()] {
      {
        std::lock_guard lock(self->m_mutex);
        self->m_wake_posted = false;
      }
      self->m_timer.cancel();
    });
  }

  std::mutex m_mutex;
  std::deque<std::string> m_lines;
  std::optional<Result<void>> m_result;
  bool m_wake_posted = false;
  asio::steady_timer m_timer; // touched only on the strand
};

// work(const layers::ProgressFn&) -> Result<void>, run on the blocking pool. It keeps
// running if the client goes away (a pull finishes for the next caller).
template <class Work> asio::awaitable<void> stream_progress(Responder& res, Work work) {
  auto queue = std::make_shared<ProgressQueue>(co_await asio::this_coro::executor);
  asio::post(res.transfer_pool(), [queue, work = std::move(work)]() mutable {
    layers::ProgressFn progress = [queue](const nlohmann::json& m) { queue->push(m); };
    try { // an exception on a pool thread would end the daemon: it fails this call only
      queue->finish(work(progress));
    } catch (...) {
      std::string text = current_exception_text();
      log::error("unexpected exception in a streamed call: " + text);
      queue->finish(make_error(Errc::Internal, "internal error: " + text));
    }
  });
  bool started = false;
  for (;;) {
    std::optional<Result<void>> done;
    std::string lines = queue->take(done);
    if (!lines.empty()) {
      if (!started)
        co_await res.begin_stream(200, "application/json");
      started = true;
      if (!co_await res.write_chunk(lines))
        co_return;
      continue;
    }
    if (!done) {
      co_await queue->wait();
      continue;
    }
    if (!*done && !started) {
      Error error = done->error();
      co_await res.send_error(error);
      co_return;
    }
    if (!started)
      co_await res.begin_stream(200, "application/json");
    if (!*done) {
      std::string text = done->error().message;
      nlohmann::json line = {{"errorDetail", {{"message", text}}}, {"error", text}};
      std::string chunk = line.dump() + "\r\n"; // named: GCC 12 and temporaries in co_await
      co_await res.write_chunk(chunk);
    }
    co_await res.end_stream();
    co_return;
  }
}

} // namespace mydocker::api
