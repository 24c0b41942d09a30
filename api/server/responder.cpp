#include <sys/socket.h>

#include <cerrno>

#include "api/server/error_status.hpp"
#include "api/server/http_context.hpp"

namespace mydocker::api {

bool socket_peer_closed(int fd) {
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
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
