// GET /containers/{id}/stats: one sample a second as JSON lines (`stream`, the default), or
// one answer (`stream=false`: two samples a second apart so the CPU delta is real, as dockerd;
// `one-shot`: at once, precpu empty). Samples are read on the pool; the reactor only sleeps.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "api/types/json_encode.hpp"
#include "common/time_format.hpp"

namespace mydocker::api {

namespace {

constexpr auto INTERVAL = std::chrono::seconds(1);

asio::awaitable<Result<ContainerStats>> sample(engine::ContainerService& svc, Responder& res,
                                               const std::string& id, const ContainerStats* prev) {
  auto s = co_await run_blocking(res.blocking_pool(), [&] { return svc.stats(id); });
  if (s && prev) {
    s->precpu_stats = prev->cpu_stats;
    s->preread = prev->read;
  }
  co_return s;
}

asio::awaitable<void> sleep_interval(asio::steady_timer& timer) {
  timer.expires_after(INTERVAL);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> stream_stats(engine::ContainerService& svc, Responder& res,
                                   ContainerStats first) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  co_await res.begin_stream(200, "application/json");
  ContainerStats prev = std::move(first);
  std::string line = encode(prev).dump() + "\n";
  while (co_await res.write_chunk(line)) {
    co_await sleep_interval(timer);
    if (res.peer_closed())
      break;
    auto next = co_await sample(svc, res, prev.id, &prev);
    if (!next) // removed meanwhile
      break;
    prev = std::move(*next);
    line = encode(prev).dump() + "\n";
  }
  co_await res.end_stream();
}

asio::awaitable<void> stats_route(engine::ContainerService& svc, Request& req, Responder& res) {
  bool stream = req.query.get_bool("stream", true);
  bool one_shot = req.query.get_bool("one-shot");
  if (stream && one_shot) {
    Error bad{Errc::InvalidArgument, 0, "cannot have stream=true and one-shot=true"};
    co_await res.send_error(bad);
    co_return;
  }
  auto first = co_await sample(svc, res, req.params["id"], nullptr);
  if (!first) {
    Error error = first.error();
    co_await res.send_error(error);
    co_return;
  }
  if (stream) {
    co_await stream_stats(svc, res, std::move(*first));
    co_return;
  }
  bool live = first->read != ZERO_TIME;
  if (live && !one_shot) { // a second sample so precpu_stats is the one before
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer timer(executor);
    co_await sleep_interval(timer);
    auto second = co_await sample(svc, res, first->id, &*first);
    if (second)
      first = std::move(second);
  }
  nlohmann::json body = encode(*first);
  co_await res.send_json(200, body);
}

} // namespace

void add_stats_routes(Router& router, engine::ContainerService& svc) {
  engine::ContainerService* s = &svc;
  router.add("GET", "/containers/{id}/stats",
             [s](Request& req, Responder& res) { return stats_route(*s, req, res); });
  add_update_routes(router, svc);
}

} // namespace mydocker::api
