// docker exec: POST /containers/{id}/exec, POST /exec/{id}/start (hijacked like attach),
// GET /exec/{id}/json, POST /exec/{id}/resize.
#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/routes/answer.hpp"
#include "api/routes/exec_pump.hpp"
#include "api/routes/log_tail.hpp"
#include "api/routes/routes.hpp"
#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"

namespace mydocker::api {

using nlohmann::json;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto OUTPUT_GRACE = std::chrono::seconds(2);

template <class T> Result<T> decode_body(const Request& req, const char* root) {
  json body = TRY(req.json_body(json::object()));
  T out;
  if (auto error = decode_into(body, out, root))
    return invalid_argument(*error);
  return out;
}

asio::awaitable<void> create(engine::ExecService& svc, Request& req, Responder& res) {
  auto body = decode_body<ExecCreateBody>(req, "ExecOptions");
  if (!body) {
    Error error = body.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await answer_json(res, 201, [&]() -> Result<json> {
    std::string id = TRY(svc.create(req.params["id"], *body));
    return json{{"Id", id}};
  });
}

// Resolves once the exec's exit code is recorded (the docker CLI reads it right after the
// stream ends), or once the client has gone.
asio::awaitable<void> wait_exit(engine::ExecService& svc, const std::string& id, Responder& res) {
  auto executor = co_await asio::this_coro::executor;
  auto timer =
      std::make_shared<asio::steady_timer>(executor, std::chrono::steady_clock::time_point::max());
  auto done = std::make_shared<bool>(false);
  auto registered = co_await run_blocking(res.blocking_pool(), [&] {
    return svc.wait(id, [timer, done](int) {
      asio::post(timer->get_executor(), [timer, done] {
        *done = true;
        timer->cancel();
      });
    });
  });
  while (registered && !*done) {
    timer->expires_after(std::chrono::milliseconds(200));
    co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    if (!*done && res.peer_closed())
      co_return;
  }
}

asio::awaitable<void> exit_then_grace(engine::ExecService& svc, const std::string& id,
                                      Responder& res) {
  co_await wait_exit(svc, id, res);
  asio::steady_timer grace(co_await asio::this_coro::executor, OUTPUT_GRACE);
  co_await grace.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> start_detached(engine::ExecService& svc, const std::string& id,
                                     Responder& res) {
  auto started = co_await run_blocking(res.blocking_pool(), [&] { return svc.start(id, true); });
  if (!started) {
    Error error = started.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await res.send(200, "application/json", "");
}

asio::awaitable<void> start(engine::ExecService& svc, Request& req, Responder& res) {
  std::string id = req.params["id"];
  auto body = decode_body<ExecStartBody>(req, "ExecStartOptions");
  auto exec = co_await run_blocking(res.blocking_pool(), [&] { return svc.inspect(id); });
  if (!body || !exec) {
    Error error = !body ? body.error() : exec.error();
    co_await res.send_error(error);
    co_return;
  }
  if (body->detach) {
    co_await start_detached(svc, id, res);
    co_return;
  }
  bool tty = exec->process_config.tty;
  auto stream = co_await res.hijack(tty ? "application/vnd.docker.raw-stream"
                                        : "application/vnd.docker.multiplexed-stream");
  auto started = co_await run_blocking(res.blocking_pool(),
                                       [&] { return svc.start(id, false, body->console_size); });
  // dockerd writes a start failure into the stream (stdout), then the CLI reads the exit code.
  std::string failure = !started ? started.error().message : started->failure;
  if (!failure.empty()) {
    failure += "\r\n";
    std::string framed = tty ? failure : frame(1, failure); // named: GCC 12 and co_await
    co_await stream->write_all(framed);
  } else {
    // A background child may hold the output open: once the process has ended the stream
    // ends after a grace period, as dockerd's (containerd's 2 s io wait).
    auto outcome =
        co_await (pump_exec(*stream, *started, exec->detach_keys) || exit_then_grace(svc, id, res));
    bool detached = outcome.index() == 0 && std::get<0>(outcome);
    if (!detached) // the CLI reads the exit code next
      co_await wait_exit(svc, id, res);
  }
  stream->close();
}

asio::awaitable<void> resize(engine::ExecService& svc, Request& req, Responder& res) {
  auto h = req.query.get_int("h");
  auto w = req.query.get_int("w");
  if (!h || !w) {
    Error error = !h ? h.error() : w.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await answer_empty(res, 200, [&] {
    return svc.resize(req.params["id"], static_cast<int>(h->value_or(0)),
                      static_cast<int>(w->value_or(0)));
  });
}

} // namespace

void add_exec_routes(Router& router, engine::ExecService& svc) {
  engine::ExecService* s = &svc;
  router.add("POST", "/containers/{id}/exec",
             [s](Request& req, Responder& res) { return create(*s, req, res); });
  router.add("POST", "/exec/{id}/start",
             [s](Request& req, Responder& res) { return start(*s, req, res); });
  router.add("GET", "/exec/{id}/json", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req]() -> Result<json> {
      return encode(TRY(s->inspect(req.params["id"])));
    });
  });
  router.add("POST", "/exec/{id}/resize",
             [s](Request& req, Responder& res) { return resize(*s, req, res); });
}

} // namespace mydocker::api
