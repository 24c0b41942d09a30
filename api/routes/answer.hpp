// Runs a blocking service call on the pool and answers with its result or its error.
#pragma once

#include <nlohmann/json.hpp>

#include "api/server/http_context.hpp"
#include "api/server/run_blocking.hpp"

namespace mydocker::api {

// fn() -> Result<nlohmann::json>: `status` + the JSON, or the error's status + message.
template <class F> asio::awaitable<void> answer_json(Responder& res, int status, F fn) {
  Result<nlohmann::json> result = co_await run_blocking(res.blocking_pool(), fn);
  if (!result) {
    Error error = result.error(); // named: GCC 12 and temporaries in co_await
    co_await res.send_error(error);
  } else {
    nlohmann::json body = std::move(*result);
    co_await res.send_json(status, body);
  }
}

// fn() -> Result<void>: `status` with no body (204, 201), or the error (304 included).
template <class F> asio::awaitable<void> answer_empty(Responder& res, int status, F fn) {
  Result<void> result = co_await run_blocking(res.blocking_pool(), fn);
  if (!result) {
    Error error = result.error();
    co_await res.send_error(error);
  } else {
    co_await res.send_empty(status);
  }
}

} // namespace mydocker::api
