// One attach's two halves (api/routes/attach_route.cpp). Both run on the connection's strand,
// so they share this state without locks.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "api/routes/log_tail.hpp"
#include "api/server/http_context.hpp"
#include "api/types/detach_keys.hpp"
#include "engine/container_service.hpp"

namespace mydocker::api {

struct AttachOptions {
  StreamChoice choice;
  bool with_stdin = false;         // stdin=1 on a container with OpenStdin
  bool close_stdin_at_eof = false; // StdinOnce without a tty: the client's half-close closes it
  bool replay = false;             // attached before the start: all its output if it counted us
  bool logs = false;               // logs=1: the log so far first
  std::string detach_keys;         // parsed; only a TTY attach looks for them (as dockerd)
};

class AttachSession {
public:
  AttachSession(engine::ContainerService& svc, Responder& res,
                const engine::ContainerRecord& record, const AttachOptions& options);
  void set_client(RawStream& client) { m_client = &client; } // after the hijack
  // Before the 101 (the client starts the container once it has it): a start from now on
  // wakes output_half. False when the container has gone.
  asio::awaitable<bool> register_for_start();
  // After both halves: a registration that never subscribed is forgotten, so the shim does
  // not keep output for it or wait for it (engine/container/start_watchers.hpp).
  asio::awaitable<void> leave();
  // Waits for the start if needed, connects to the shim, copies its output to the client.
  asio::awaitable<void> output_half();
  // Reads the client: stdin to the shim, EOF and disconnects end the attach.
  asio::awaitable<void> input_half();

private:
  asio::awaitable<void> wait_for_start();
  asio::awaitable<bool> connect_shim();
  asio::awaitable<bool> send_to_shim(boost::asio::posix::stream_descriptor& shim, char type,
                                     std::string_view payload);
  asio::awaitable<void> forward_stdin(const std::string& data);
  bool read_on_after(const boost::system::error_code& ec);
  asio::awaitable<void> client_eof();
  asio::awaitable<void> watch_client();
  void end();

  engine::ContainerService& m_svc;
  Responder& m_res;
  RawStream* m_client = nullptr;
  const engine::ContainerRecord& m_record;
  const AttachOptions& m_options;
  std::unique_ptr<boost::asio::posix::stream_descriptor> m_shim; // once connected
  std::string m_early_stdin; // typed before the shim was connected
  bool m_stdin_closed = false;
  bool m_stdin_broken = false; // the shim refused stdin: later input is dropped
  bool m_reset_seen = false;   // one ECONNRESET from the shim read past (read_on_after)
  bool m_ended = false;
  std::shared_ptr<boost::asio::steady_timer> m_wake; // cancelled: started, or ended
  struct StartNotice {
    bool started = false;
    bool counted = false; // the start kept its output for this attach: subscribe with a replay
  };
  std::shared_ptr<StartNotice> m_started;
  uint64_t m_watch_token = 0; // from register_for_start
  bool m_subscribed = false;  // the shim took our Attach message
  std::unique_ptr<asio::steady_timer> m_client_check;
  static constexpr auto CLIENT_CHECK = std::chrono::milliseconds(200);
};

} // namespace mydocker::api
