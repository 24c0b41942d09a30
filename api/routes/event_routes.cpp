// GET /events: the daemon's event stream as JSON lines (dockerd's shape and filters). The
// replay of `since` and the live stream come from one subscription, so nothing is missed.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/routes.hpp"
#include "api/types/event_message.hpp"
#include "common/event_bus.hpp"
#include "common/scope_guard.hpp"
#include "common/time_format.hpp"

namespace mydocker::api {

namespace {

constexpr auto CLIENT_CHECK = std::chrono::milliseconds(200);

struct EventWindow {
  int64_t since = 0;
  int64_t until = 0; // 0: open-ended
  Filters filters;
};

Result<int64_t> time_param(const Request& req, const char* key, int64_t now) {
  auto text = req.query.get(key).value_or("");
  if (text.empty())
    return 0;
  auto t = parse_timestamp_arg(text, now);
  if (!t)
    return invalid_argument("failed to parse value as time or duration: \"" + text + "\"");
  return *t;
}

Result<EventWindow> event_window(const Request& req) {
  int64_t now = now_unix_nanos();
  EventWindow w;
  w.since = TRY(time_param(req, "since", now));
  w.until = TRY(time_param(req, "until", now));
  w.filters = TRY(parse_filters(req.query.get("filters").value_or(""), event_filter_keys()));
  return w;
}

// Writes the matching events of `batch`; false once the client is gone or `until` passed.
asio::awaitable<bool> send_events(Responder& res, const std::vector<events::Event>& batch,
                                  const EventWindow& w) {
  std::string out;
  bool past_until = false;
  for (const auto& e : batch) {
    if (w.until && e.time_nano > w.until) {
      past_until = true;
      break;
    }
    if (event_matches(w.filters, e))
      out += event_json(e).dump() + "\n";
  }
  if (!out.empty() && !co_await res.write_chunk(out))
    co_return false;
  co_return !past_until;
}

// Sleeps until an event is published, the client check is due or `until` is reached.
asio::awaitable<void> wait_for_events(asio::steady_timer& timer, const EventWindow& w) {
  auto wake = std::chrono::steady_clock::now() + CLIENT_CHECK;
  if (w.until) {
    auto left = std::chrono::nanoseconds(w.until - now_unix_nanos());
    wake = std::min(wake, std::chrono::steady_clock::now() + left);
  }
  timer.expires_at(wake);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> events_route(Request& req, Responder& res) {
  auto window = event_window(req);
  if (!window) {
    Error error = window.error();
    co_await res.send_error(error);
    co_return;
  }
  auto executor = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(executor);
  // Publishers run on engine threads: they only post a wake-up onto this connection.
  auto sub = std::make_shared<events::Subscription>(
      [timer] { asio::post(timer->get_executor(), [timer] { timer->cancel(); }); });
  auto replay = events::bus().subscribe(sub, window->since, window->until);
  Rollback unsubscribe;
  unsubscribe.add([&sub] { events::bus().unsubscribe(sub); });
  co_await res.begin_stream(200, "application/json");
  bool open = co_await send_events(res, replay, *window);
  while (open && !(window->until && now_unix_nanos() > window->until)) {
    auto batch = sub->take();
    if (!batch.empty()) {
      open = co_await send_events(res, batch, *window);
      continue;
    }
    if (res.peer_closed())
      break;
    co_await wait_for_events(*timer, *window);
  }
  co_await res.end_stream();
}

} // namespace

void add_event_routes(Router& router) {
  router.add("GET", "/events", [](Request& req, Responder& res) { return events_route(req, res); });
}

} // namespace mydocker::api
