#include "api/routes/attach_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "api/server/run_blocking.hpp"
#include "engine/attach_protocol.hpp"

namespace mydocker::api {

using boost::asio::posix::stream_descriptor;
using ShimMessage = engine::AttachMessage;
constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

AttachSession::AttachSession(engine::ContainerService& svc, Responder& res,
                             const engine::ContainerRecord& record, const AttachOptions& options)
    : m_svc(svc), m_res(res), m_record(record), m_options(options),
      m_started(std::make_shared<StartNotice>()) {}

void AttachSession::end() {
  m_ended = true;
  if (m_wake)
    m_wake->cancel();
  if (m_client_check)
    m_client_check->cancel();
  if (m_shim) {
    boost::system::error_code ignored;
    m_shim->close(ignored);
  }
  if (m_client)
    m_client->close();
}

asio::awaitable<bool> AttachSession::register_for_start() {
  auto executor = co_await asio::this_coro::executor;
  m_wake = std::make_shared<asio::steady_timer>(executor, asio::steady_timer::time_point::max());
  auto wake = m_wake;
  auto started = m_started;
  auto registered = co_await run_blocking(m_res.blocking_pool(), [&] {
    return m_svc.on_next_start(m_record.id, m_record.state.started_at,
                               [wake, started](bool counted) {
                                 asio::post(wake->get_executor(), [wake, started, counted] {
                                   *started = StartNotice{true, counted};
                                   wake->cancel();
                                 });
                               });
  });
  if (registered)
    m_watch_token = *registered;
  co_return registered.has_value();
}

asio::awaitable<void> AttachSession::leave() {
  if (m_watch_token == 0 || m_subscribed)
    co_return;
  co_await run_blocking(m_res.blocking_pool(), [&] {
    m_svc.forget_start_watch(m_record.id, m_watch_token);
    return true;
  });
}

asio::awaitable<void> AttachSession::wait_for_start() {
  while (m_wake && !m_started->started && !m_ended)
    co_await m_wake->async_wait(as_tuple_awaitable);
}

asio::awaitable<bool> AttachSession::send_to_shim(stream_descriptor& shim, char type,
                                                  std::string_view payload) {
  do { // a packet holds at most SHIM_MAX_PACKET bytes
    size_t n = std::min(payload.size(), engine::ATTACH_MAX_PACKET - 1);
    std::string packet(1, type);
    packet.append(payload.substr(0, n));
    payload.remove_prefix(n);
    auto [ec, written] = co_await asio::async_write(shim, asio::buffer(packet), as_tuple_awaitable);
    if (ec)
      co_return false;
  } while (!payload.empty());
  co_return true;
}

// Subscribes, then hands over what was typed meanwhile; only then may the input half write
// to the socket itself (m_shim set), so stdin keeps its order.
asio::awaitable<bool> AttachSession::connect_shim() {
  auto fd = co_await run_blocking(m_res.blocking_pool(),
                                  [&] { return m_svc.connect_attach(m_record.id); });
  if (!fd || m_ended)
    co_return false;
  auto executor = co_await asio::this_coro::executor;
  auto shim = std::make_unique<stream_descriptor>(executor, fd->release());
  std::string replay(1, m_options.replay && m_started->counted ? '\1' : '\0');
  bool subscribed = co_await send_to_shim(*shim, static_cast<char>(ShimMessage::Attach), replay);
  m_subscribed = subscribed;
  // A stdin the shim no longer takes (the container has exited) must not cost the output.
  bool ok = subscribed;
  while (ok && !m_early_stdin.empty()) {
    std::string early = std::move(m_early_stdin);
    m_early_stdin.clear();
    ok = co_await send_to_shim(*shim, static_cast<char>(ShimMessage::Stdin), early);
  }
  if (ok && m_stdin_closed)
    ok = co_await send_to_shim(*shim, static_cast<char>(ShimMessage::CloseStdin), "");
  m_stdin_broken = !ok;
  if (!subscribed || m_ended)
    co_return false;
  m_shim = std::move(shim);
  co_return true;
}

// The shim's end of the socket closed with packets of ours unread: the kernel reports
// ECONNRESET once, ahead of the output still queued for us (older shims do this when the
// container exits while stdin is being sent). Reading on gets that output, then EOF.
bool AttachSession::read_on_after(const boost::system::error_code& ec) {
  if (ec != asio::error::connection_reset || m_reset_seen)
    return false;
  m_reset_seen = true;
  return true;
}

asio::awaitable<void> AttachSession::output_half() {
  if (m_options.replay)
    co_await wait_for_start();
  bool connected = false;
  if (!m_ended)
    connected = co_await connect_shim();
  std::string buf(engine::ATTACH_MAX_PACKET, '\0');
  const StreamChoice& choice = m_options.choice;
  while (connected && !m_ended) {
    auto [ec, n] = co_await m_shim->async_read_some(asio::buffer(buf), as_tuple_awaitable);
    if (ec && read_on_after(ec))
      continue;
    if (ec || n == 0)
      break;
    int stream = buf[0];
    if ((stream == 1 && !choice.stdout_wanted) || (stream == 2 && !choice.stderr_wanted))
      continue;
    std::string data = buf.substr(1, n - 1);
    // Named, not a temporary in the co_await: GCC 12 destroys such temporaries twice.
    std::string out = choice.tty ? std::move(data) : frame(stream, data);
    bool written = co_await m_client->write_all(out);
    if (!written)
      break;
  }
  end();
}

// A stdin the shim refuses (the container has exited, the output may still be on its way)
// is dropped from then on; the attach goes on until the output ends or the client leaves.
asio::awaitable<void> AttachSession::forward_stdin(const std::string& data) {
  if (data.empty() || m_stdin_broken)
    co_return;
  if (!m_shim) {
    m_early_stdin += data;
    co_return;
  }
  bool sent = co_await send_to_shim(*m_shim, static_cast<char>(ShimMessage::Stdin), data);
  if (!sent)
    m_stdin_broken = true;
}

// dockerd: the end of a StdinOnce non-TTY stdin closes the container's stdin and the output
// goes on; any other end of an attached stdin ends the attach; without stdin it means nothing.
asio::awaitable<void> AttachSession::client_eof() {
  if (!m_options.with_stdin) { // the docker CLI half-closes at once when it sends no stdin
    co_await watch_client();
    co_return;
  }
  if (!m_options.close_stdin_at_eof) {
    end();
    co_return;
  }
  m_stdin_closed = true;
  if (m_shim && !m_stdin_broken) { // else connect_shim passes it on, or it is gone
    bool sent = co_await send_to_shim(*m_shim, static_cast<char>(ShimMessage::CloseStdin), "");
    (void)sent;
  }
  co_await watch_client();
}

// After a half-close there is nothing to read; whether the client has gone altogether
// (POLLHUP) is checked now and then, so a silent container does not keep its attach forever.
asio::awaitable<void> AttachSession::watch_client() {
  auto executor = co_await asio::this_coro::executor;
  m_client_check = std::make_unique<asio::steady_timer>(executor);
  while (!m_ended) {
    m_client_check->expires_after(CLIENT_CHECK);
    co_await m_client_check->async_wait(as_tuple_awaitable);
    if (!m_ended && m_client->peer_closed())
      end();
  }
}

asio::awaitable<void> AttachSession::input_half() {
  std::string buf(32 * 1024, '\0');
  DetachScanner scanner(m_options.choice.tty && m_options.with_stdin ? m_options.detach_keys : "");
  while (!m_ended) {
    auto [n, alive] = co_await m_client->read_some(buf.data(), buf.size());
    if (m_ended)
      break;
    if (!alive) { // the client has gone
      end();
      break;
    }
    if (n == 0) {
      co_await client_eof();
      break;
    }
    if (!m_options.with_stdin)
      continue;
    bool detached = false;
    std::string data = scanner.feed(std::string_view(buf.data(), n), detached);
    co_await forward_stdin(data);
    if (detached) {
      end();
      break;
    }
  }
}

} // namespace mydocker::api
