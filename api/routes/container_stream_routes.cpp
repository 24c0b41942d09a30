// Long-running container responses: wait (headers flushed at once), logs (follow); attach and
// resize are in attach_route.cpp.
#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/attach_route.hpp"
#include "api/routes/log_tail.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "common/fd.hpp"
#include "common/time_format.hpp"
#include "engine/json_log_reader.hpp"

namespace mydocker::api {

using engine::Status;
using nlohmann::json;

namespace {

constexpr auto WAIT_CLIENT_CHECK = std::chrono::milliseconds(200);

asio::awaitable<void> wait_route(engine::ContainerService& svc, Request& req, Responder& res) {
  std::string cond = req.query.get("condition").value_or("");
  engine::WaitCondition condition = engine::WaitCondition::NotRunning;
  if (cond == "next-exit")
    condition = engine::WaitCondition::NextExit;
  else if (cond == "removed")
    condition = engine::WaitCondition::Removed;
  else if (!cond.empty() && cond != "not-running") {
    Error bad{Errc::InvalidArgument, 0, "invalid condition: \"" + cond + "\""};
    co_await res.send_error(bad);
    co_return;
  }
  std::string id = req.params["id"];
  auto found = co_await run_blocking(res.blocking_pool(), [&] { return svc.snapshot(id); });
  if (!found) {
    Error error = found.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await res.begin_stream(200, "application/json");
  // The service calls back from its own thread; hop onto this connection's strand.
  auto executor = co_await asio::this_coro::executor;
  auto timer =
      std::make_shared<asio::steady_timer>(executor, std::chrono::steady_clock::time_point::max());
  auto code = std::make_shared<std::optional<int>>();
  auto registered = svc.wait(found->id, condition, [timer, code](int exit_code) {
    asio::post(timer->get_executor(), [timer, code, exit_code] {
      *code = exit_code;
      timer->cancel();
    });
  });
  // The callback cancels the timer; between its ticks, a client that has gone ends the wait
  // (docker run's CLI drops its wait when the start fails).
  while (registered && !*code) {
    timer->expires_after(WAIT_CLIENT_CHECK);
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (!*code && res.peer_closed()) {
      co_await res.end_stream(); // fails on the closed socket and closes ours
      co_return;
    }
  }
  std::string body = json{{"Error", nullptr}, {"StatusCode", code->value_or(0)}}.dump() + "\n";
  co_await res.write_chunk(body);
  co_await res.end_stream();
}

// dockerd: tail that is not a number (or "all") or is negative means every record.
std::optional<size_t> tail_count(const std::string& text) {
  long long n = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0)
    return std::nullopt;
  return static_cast<size_t>(n);
}

std::string log_driver(const engine::ContainerRecord& r) {
  const std::string& type = r.host_config.log_config.type;
  return type.empty() ? "json-file" : type;
}

struct LogWindow {
  int64_t since = 0;
  int64_t until = 0;      // 0 = open-ended
  int64_t stop_after = 0; // without follow: records written after the read began end it
  // Renders the records inside the window; `past_end` once one lies beyond `until`.
  std::string render(const std::vector<engine::LogRecord>& records, const StreamChoice& c,
                     bool& past_end) const {
    std::string out;
    for (const auto& r : records) {
      if ((until && r.time > until) || (stop_after && r.time > stop_after)) {
        past_end = true;
        break;
      }
      if (!since || r.time >= since)
        out += mydocker::api::render(r, c);
    }
    return out;
  }
};

LogWindow log_window(Request& req) {
  int64_t now = now_unix_nanos();
  return {parse_timestamp_arg(req.query.get("since").value_or(""), now).value_or(0),
          parse_timestamp_arg(req.query.get("until").value_or(""), now).value_or(0)};
}

// The last N records (tail), or the whole log as it is now: rotated files in order, then
// the current one.
asio::awaitable<bool> send_existing_logs(Responder& res, engine::LogCursor& cursor,
                                         const std::optional<std::vector<engine::LogRecord>>& last,
                                         const LogWindow& window, const StreamChoice& choice) {
  bool past_end = false;
  if (last) {
    LogWindow whole = window;
    whole.stop_after = 0; // the last N records are shown, however recent
    co_return co_await res.write_chunk(whole.render(*last, choice, past_end));
  }
  bool open = true;
  while (open && !past_end) {
    auto records = co_await run_blocking(res.blocking_pool(), [&] { return cursor.read(); });
    if (records.empty())
      break;
    std::string out = window.render(records, choice, past_end);
    if (!out.empty())
      open = co_await res.write_chunk(out);
  }
  co_return open;
}

asio::awaitable<void> logs_route(engine::ContainerService& svc, Request& req, Responder& res) {
  StreamChoice choice{req.query.get_bool("stdout"), req.query.get_bool("stderr"),
                      req.query.get_bool("timestamps")};
  if (!choice.stdout_wanted && !choice.stderr_wanted) {
    Error bad{Errc::InvalidArgument, 0, "Bad parameters: you must choose at least one stream"};
    co_await res.send_error(bad);
    co_return;
  }
  auto found =
      co_await run_blocking(res.blocking_pool(), [&] { return svc.snapshot(req.params["id"]); });
  if (found && !engine::log_driver_supports_reading(log_driver(*found)))
    found = tl::unexpected(
        Error{Errc::NotImplemented, 0, "configured logging driver does not support reading"});
  if (!found) {
    Error error = found.error();
    co_await res.send_error(error);
    co_return;
  }
  choice.tty = found->config.tty;
  bool follow = req.query.get_bool("follow");
  LogWindow window = log_window(req);
  bool until_given = window.until != 0;
  auto tail_n = tail_count(req.query.get("tail").value_or("all"));
  std::optional<std::vector<engine::LogRecord>> last;
  auto cursor = co_await run_blocking(res.blocking_pool(), [&] {
    return tail_n ? engine::LogCursor::tail(found->log_path, *tail_n, last.emplace())
                  : engine::LogCursor(found->log_path, engine::LogCursor::Start::Oldest);
  });
  if (!follow)
    window.stop_after = now_unix_nanos(); // a log still being written: what it held then
  co_await res.begin_stream(200, choice.tty ? "application/vnd.docker.raw-stream"
                                            : "application/vnd.docker.multiplexed-stream");
  bool open = co_await send_existing_logs(res, cursor, last, window, choice);
  if (open && follow && !until_given)
    co_await tail(
        svc, res, found->id, found->log_path, cursor, choice,
        [&](const std::string& data) { return res.write_chunk(data); },
        [&res](const Result<engine::ContainerRecord>& r) {
          return output_finished(r) || res.peer_closed(); // logs -f ended with Ctrl-C
        });
  co_await res.end_stream();
}

} // namespace

void add_container_stream_routes(Router& router, engine::ContainerService& svc) {
  engine::ContainerService* s = &svc;
  router.add("POST", "/containers/{id}/wait",
             [s](Request& req, Responder& res) { return wait_route(*s, req, res); });
  router.add("POST", "/containers/{id}/attach",
             [s](Request& req, Responder& res) { return attach_route(*s, req, res); });
  router.add("POST", "/containers/{id}/resize",
             [s](Request& req, Responder& res) { return resize_route(*s, req, res); });
  router.add("GET", "/containers/{id}/logs",
             [s](Request& req, Responder& res) { return logs_route(*s, req, res); });
}

} // namespace mydocker::api
