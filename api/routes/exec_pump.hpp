// Copies an exec'd process's stdio to and from a hijacked connection: stdout and stderr
// (framed unless tty) until both pipes close, the client's bytes into stdin until it
// half-closes. Everything on the reactor with non-blocking pipes: no pool thread waits.
#pragma once

#include "api/server/http_context.hpp"
#include "engine/exec_service.hpp"

namespace mydocker::api {

// The bytes of Docker's detach keys ("ctrl-p,ctrl-q", the default when empty or invalid).
std::string detach_sequence(const std::string& keys);

// Returns once the output has ended (or the client has gone): false; or once the client typed
// the detach sequence on stdin: true (the process goes on). The streams are closed then.
asio::awaitable<bool> pump_exec(RawStream& client, engine::StartedExec& started,
                                std::string detach_keys);

} // namespace mydocker::api
