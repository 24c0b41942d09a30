// Copies an exec'd process's stdio to and from a hijacked connection: stdout and stderr
// (framed unless tty) until both pipes close, the client's bytes into stdin until it
// half-closes. Everything on the reactor with non-blocking pipes: no pool thread waits.
#pragma once

#include "api/server/http_context.hpp"
#include "engine/exec_service.hpp"

namespace mydocker::api {

// Returns once the output has ended (or the client has gone); the streams are closed then.
asio::awaitable<void> pump_exec(RawStream& client, engine::StartedExec& started);

} // namespace mydocker::api
