// Attach: hijacked; output as the shim writes it, from its attach socket (never by re-reading
// the log), stdin to it. Runs as two halves on the connection's strand: the output half waits
// for the start when the container is not running yet (docker run attaches first), connects
// and copies output to the client; the input half reads the client (stdin, half-close,
// detach keys, a client that left) and ends the other half when the attach is over.
#include "api/routes/attach_route.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "api/routes/attach_session.hpp"
#include "api/routes/log_tail.hpp"
#include "api/server/run_blocking.hpp"
#include "api/types/detach_keys.hpp"

namespace mydocker::api {

using namespace asio::experimental::awaitable_operators;

namespace {

Result<AttachOptions> attach_options(Request& req, const engine::ContainerRecord& r) {
  AttachOptions o;
  o.choice = {req.query.get_bool("stdout"), req.query.get_bool("stderr"), false, r.config.tty};
  o.with_stdin = req.query.get_bool("stdin") && r.config.open_stdin;
  o.close_stdin_at_eof = r.config.stdin_once && !r.config.tty;
  o.replay = !engine::is_running(r.state.status);
  o.logs = req.query.get_bool("logs");
  std::string keys = req.query.get("detachKeys").value_or("");
  o.detach_keys = TRY(parse_detach_keys(keys.empty() ? DEFAULT_DETACH_KEYS : keys));
  return o;
}

// attach logs=1: what the log holds so far, before the live output.
asio::awaitable<bool> send_logged(Responder& res, RawStream& client, const std::string& log_path,
                                  const StreamChoice& choice) {
  engine::LogCursor cursor(log_path, engine::LogCursor::Start::Oldest);
  for (;;) {
    auto records = co_await run_blocking(res.blocking_pool(), [&] { return cursor.read(); });
    if (records.empty())
      co_return true;
    std::string out = render_all(records, choice);
    bool written = co_await client.write_all(out);
    if (!written)
      co_return false;
  }
}

} // namespace

asio::awaitable<void> attach_route(engine::ContainerService& svc, Request& req, Responder& res) {
  std::string ref = req.params["id"];
  auto found = co_await run_blocking(res.blocking_pool(),
                                     [&] { return svc.snapshot(ref, engine::Verb::Attach); });
  auto options = found ? attach_options(req, *found) : tl::unexpected(found.error());
  if (!options) {
    Error error = options.error();
    co_await res.send_error(error);
    co_return;
  }
  AttachSession session(svc, res, *found, *options);
  bool registered = true; // GCC 12: no co_await inside || (design.md)
  if (options->replay)
    registered = co_await session.register_for_start();
  if (!registered) {
    Error gone{Errc::NotFound, 0, "No such container: " + ref};
    co_await res.send_error(gone);
    co_return;
  }
  svc.emit_event(found->id, "attach"); // only queues the event: fine on the reactor
  auto client =
      co_await res.hijack(options->choice.tty ? "application/vnd.docker.raw-stream"
                                              : "application/vnd.docker.multiplexed-stream");
  bool open = true;
  if (options->logs)
    open = co_await send_logged(res, *client, found->log_path, options->choice);
  if (open) {
    session.set_client(*client);
    co_await (session.output_half() && session.input_half());
  }
  co_await session.leave(); // before the close: a client that saw it may start at once
  client->close();
}

asio::awaitable<void> resize_route(engine::ContainerService& svc, Request& req, Responder& res) {
  auto number = [&](const char* name) -> Result<int> {
    std::string text = req.query.get(name).value_or("");
    try {
      size_t used = 0;
      int n = std::stoi(text, &used);
      if (used == text.size() && n >= 0)
        return n;
    } catch (const std::exception&) {
    }
    return invalid_argument("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
  };
  auto height = number("h");
  auto width = height ? number("w") : height;
  auto done = co_await run_blocking(res.blocking_pool(), [&]() -> Result<void> {
    if (!height || !width)
      return tl::unexpected(!height ? height.error() : width.error());
    return svc.resize(req.params["id"], *height, *width);
  });
  if (!done) {
    Error error = done.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await res.send_empty(200);
}

} // namespace mydocker::api
