// Long-running container responses: wait (headers flushed at once), logs (follow), attach
// (hijacked; output is tailed from the json-file log the shim writes).
#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "common/fd.hpp"
#include "common/time_format.hpp"
#include "engine/json_log_reader.hpp"

namespace mydocker::api {

using engine::Status;
using nlohmann::json;

namespace {

constexpr auto TAIL_INTERVAL = std::chrono::milliseconds(10);
constexpr auto WAIT_CLIENT_CHECK = std::chrono::milliseconds(200);

std::string frame(int stream, const std::string& data) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(stream);
  uint32_t n = static_cast<uint32_t>(data.size());
  out[4] = static_cast<char>(n >> 24);
  out[5] = static_cast<char>(n >> 16);
  out[6] = static_cast<char>(n >> 8);
  out[7] = static_cast<char>(n);
  return out + data;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Output is over once the container is gone, stopped, or failed to start.
bool output_finished(const Result<engine::ContainerRecord>& r) {
  if (!r)
    return true;
  Status s = r->state.status;
  if (s == Status::Created)
    return !r->state.error.empty();
  return s != Status::Running && s != Status::Paused && s != Status::Restarting;
}

// An attach to a container that is not running waits for its next run (docker start -a
// attaches first): its output is over once that run has ended or failed to start.
// A client that has gone (its start failed, it was killed) ends it too.
struct AttachEnd {
  int64_t started_at = 0;
  std::string error;
  bool was_running = false;
  const RawStream* client = nullptr;
  AttachEnd(const engine::ContainerRecord& r, const RawStream* c)
      : started_at(r.state.started_at), error(r.state.error),
        was_running(r.state.status == Status::Running || r.state.status == Status::Paused ||
                    r.state.status == Status::Restarting),
        client(c) {}
  bool operator()(const Result<engine::ContainerRecord>& r) const {
    if (client->peer_closed()) // nobody to send to (polled only while nothing was written)
      return true;
    if (!r || was_running)
      return output_finished(r);
    if (!r->state.error.empty() && r->state.error != error)
      return true;
    return r->state.started_at != started_at && output_finished(r);
  }
};

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

struct StreamChoice {
  bool stdout_wanted = true;
  bool stderr_wanted = true;
  bool timestamps = false;
  bool tty = false;
};

std::string render(const engine::LogRecord& rec, const StreamChoice& c) {
  if ((rec.stream == 1 && !c.stdout_wanted) || (rec.stream == 2 && !c.stderr_wanted))
    return "";
  std::string text = c.timestamps ? format_rfc3339_fixed9(rec.time) + " " + rec.text : rec.text;
  return c.tty ? text : frame(rec.stream, text);
}

// Sends new log records until the container's output is over; false if the client left.
template <class Write, class Finished>
asio::awaitable<bool> tail(engine::ContainerService& svc, Responder& res, const std::string& id,
                           int fd, std::string& carry, const StreamChoice& choice, Write write,
                           Finished finished) {
  for (;;) {
    auto records = co_await run_blocking(res.blocking_pool(),
                                         [&] { return engine::read_new_records(fd, carry); });
    std::string out;
    for (const auto& r : records)
      out += render(r, choice);
    if (!out.empty()) {
      bool sent = co_await write(out);
      if (!sent)
        co_return false;
      continue;
    }
    auto state = co_await run_blocking(res.blocking_pool(), [&] { return svc.snapshot(id); });
    if (finished(state)) {
      auto last = co_await run_blocking(res.blocking_pool(),
                                        [&] { return engine::read_new_records(fd, carry); });
      std::string rest;
      for (const auto& r : last)
        rest += render(r, choice);
      if (!rest.empty())
        co_await write(rest);
      co_return true;
    }
    co_await sleep_for(TAIL_INTERVAL);
  }
}

asio::awaitable<void> attach_route(engine::ContainerService& svc, Request& req, Responder& res) {
  std::string ref = req.params["id"];
  auto found = co_await run_blocking(res.blocking_pool(), [&] { return svc.snapshot(ref); });
  if (!found) {
    Error error = found.error();
    co_await res.send_error(error);
    co_return;
  }
  StreamChoice choice{req.query.get_bool("stdout"), req.query.get_bool("stderr"), false,
                      found->config.tty};
  // Opened before the 101 so no output is missed, and kept open across an auto-remove.
  Fd log(::open(found->log_path.c_str(), O_RDONLY | O_CLOEXEC));
  std::string carry;
  if (log && !req.query.get_bool("logs"))
    ::lseek(log.get(), 0, SEEK_END);
  auto stream = co_await res.hijack(choice.tty ? "application/vnd.docker.raw-stream"
                                               : "application/vnd.docker.multiplexed-stream");
  if (log)
    co_await tail(
        svc, res, found->id, log.get(), carry, choice,
        [&](const std::string& data) { return stream->write_all(data); },
        AttachEnd(*found, stream.get()));
  stream->close();
}

asio::awaitable<void> logs_route(engine::ContainerService& svc, Request& req, Responder& res) {
  StreamChoice choice{req.query.get_bool("stdout"), req.query.get_bool("stderr"),
                      req.query.get_bool("timestamps")};
  if (!choice.stdout_wanted && !choice.stderr_wanted) {
    Error bad{Errc::InvalidArgument, 0, "Bad parameters: you must choose at least one stream"};
    co_await res.send_error(bad);
    co_return;
  }
  std::string ref = req.params["id"];
  auto found = co_await run_blocking(res.blocking_pool(), [&] { return svc.snapshot(ref); });
  if (!found) {
    Error error = found.error();
    co_await res.send_error(error);
    co_return;
  }
  choice.tty = found->config.tty;
  int64_t now = now_unix_nanos();
  auto since = parse_timestamp_arg(req.query.get("since").value_or(""), now).value_or(0);
  auto until = parse_timestamp_arg(req.query.get("until").value_or(""), now).value_or(0);
  std::string tail_text = req.query.get("tail").value_or("all");
  Fd log(::open(found->log_path.c_str(), O_RDONLY | O_CLOEXEC));
  std::string carry;
  auto records = co_await run_blocking(res.blocking_pool(), [&] {
    return log ? engine::read_new_records(log.get(), carry) : std::vector<engine::LogRecord>{};
  });
  if (tail_text != "all" && !tail_text.empty()) {
    size_t n = static_cast<size_t>(std::max(0L, std::atol(tail_text.c_str())));
    if (records.size() > n)
      records.erase(records.begin(), records.end() - static_cast<long>(n));
  }
  co_await res.begin_stream(200, choice.tty ? "application/vnd.docker.raw-stream"
                                            : "application/vnd.docker.multiplexed-stream");
  std::string out;
  for (const auto& r : records)
    if ((!since || r.time >= since) && (!until || r.time <= until))
      out += render(r, choice);
  bool open = co_await res.write_chunk(out);
  if (open && log && req.query.get_bool("follow") && !until)
    co_await tail(
        svc, res, found->id, log.get(), carry, choice,
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
  router.add("GET", "/containers/{id}/logs",
             [s](Request& req, Responder& res) { return logs_route(*s, req, res); });
}

} // namespace mydocker::api
