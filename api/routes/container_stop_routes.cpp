// POST /containers/{id}/stop and /restart. The wait for the exit holds no thread of the
// blocking pool: the engine calls back, the coroutine sleeps on its own executor meanwhile, so
// slow stops (stop -t 600 of a process that ignores SIGTERM) never make ps or inspect wait.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/answer.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"

namespace mydocker::api {

namespace {

// ?t= must be an integer: Docker answers a bad one with Go's Atoi text (a 400 since API 1.42).
Result<std::optional<int>> timeout_param(const Request& req) {
  auto t = req.query.get_int("t");
  if (!t)
    return invalid_argument("strconv.Atoi: parsing \"" + req.query.get("t").value_or("") +
                            "\": invalid syntax");
  if (*t)
    return static_cast<int>(**t);
  return std::optional<int>{};
}

// Starts the stop on the pool, then waits (no thread held) for the engine's callback.
asio::awaitable<Result<void>> stop_and_wait(engine::ContainerService& svc, Responder& res,
                                            const std::string& id, std::optional<int> timeout,
                                            const std::string& signal) {
  auto executor = co_await asio::this_coro::executor;
  auto timer =
      std::make_shared<asio::steady_timer>(executor, std::chrono::steady_clock::time_point::max());
  auto outcome = std::make_shared<std::optional<Result<void>>>();
  Result<void> started = co_await run_blocking(res.blocking_pool(), [&] {
    return svc.stop_async(id, timeout, signal, [timer, outcome](Result<void> r) {
      // From an engine thread: hop onto this connection's executor.
      asio::post(timer->get_executor(), [timer, outcome, r] {
        *outcome = r;
        timer->cancel();
      });
    });
  });
  if (!started)
    co_return started;
  while (!*outcome)
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  co_return **outcome;
}

asio::awaitable<void> send_result(Responder& res, const Result<void>& result) {
  if (!result) {
    Error error = result.error(); // named: GCC 12 and temporaries in co_await
    co_await res.send_error(error);
  } else {
    co_await res.send_empty(204);
  }
}

asio::awaitable<void> stop_route(engine::ContainerService& svc, Request& req, Responder& res) {
  auto timeout = timeout_param(req);
  if (!timeout) {
    Result<void> bad = tl::unexpected(timeout.error()); // named: GCC 12 and co_await temporaries
    co_await send_result(res, bad);
    co_return;
  }
  Result<void> stopped = co_await stop_and_wait(svc, res, req.params["id"], *timeout,
                                                req.query.get("signal").value_or(""));
  co_await send_result(res, stopped);
}

// docker restart: the state table's restart check, stop (a stopped container is fine), start.
asio::awaitable<void> restart_route(engine::ContainerService& svc, Request& req, Responder& res) {
  std::string id = req.params["id"];
  auto timeout = timeout_param(req);
  if (!timeout) {
    Result<void> bad = tl::unexpected(timeout.error()); // named: GCC 12 and co_await temporaries
    co_await send_result(res, bad);
    co_return;
  }
  auto allowed = co_await run_blocking(res.blocking_pool(),
                                       [&] { return svc.snapshot(id, engine::Verb::Restart); });
  if (!allowed) {
    Error error = allowed.error();
    co_await res.send_error(error);
    co_return;
  }
  Result<void> stopped =
      co_await stop_and_wait(svc, res, id, *timeout, req.query.get("signal").value_or(""));
  if (!stopped && stopped.error().code != Errc::NotModified) {
    co_await send_result(res, stopped);
    co_return;
  }
  co_await answer_empty(res, 204, [&] { return svc.start(id); });
}

} // namespace

void add_container_stop_routes(Router& router, engine::ContainerService& svc) {
  engine::ContainerService* s = &svc;
  router.add("POST", "/containers/{id}/stop",
             [s](Request& req, Responder& res) { return stop_route(*s, req, res); });
  router.add("POST", "/containers/{id}/restart",
             [s](Request& req, Responder& res) { return restart_route(*s, req, res); });
}

} // namespace mydocker::api
