#include <poll.h>

#include "api/server/error_status.hpp"
#include "api/server/http_context.hpp"

namespace mydocker::api {

bool socket_peer_closed(int fd) {
  // POLLHUP, not EOF: the docker CLI half-closes an attach (CloseWrite) and keeps reading. A
  // unix socket reports POLLHUP once the peer has closed both ways; TCP may never (then we
  // keep waiting, as before).
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR)) != 0;
}

asio::awaitable<void> Responder::send_json(int status, const nlohmann::json& body) {
  co_await send(status, "application/json",
                body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

asio::awaitable<void> Responder::send_empty(int status) {
  co_await send(status, "", "");
}

asio::awaitable<void> Responder::send_error(const Error& error) {
  int status = http_status(error.code);
  if (status == 304)
    co_await send_empty(304);
  else
    co_await send(status, "application/json", error_body(error.message));
}

} // namespace mydocker::api
