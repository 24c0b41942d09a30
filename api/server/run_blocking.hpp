// Runs a blocking service call on the thread pool and resumes the coroutine with its result.
// An exception thrown by the call never escapes on the pool thread: for a Result-returning
// call it becomes an Internal error for that request (and a log line); otherwise it is
// rethrown on the caller's executor, where the connection's handler answers 500.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/log.hpp"
#include "common/result.hpp"

namespace mydocker::api {

template <class T> struct IsResult : std::false_type {};
template <class T> struct IsResult<Result<T>> : std::true_type {};

// The text of the exception being handled (inside a catch block).
inline std::string current_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// co_await run_blocking(pool, [&] { return service.start(id); });
template <class F>
boost::asio::awaitable<std::invoke_result_t<F>> run_blocking(boost::asio::thread_pool& pool, F fn) {
  using R = std::invoke_result_t<F>;
  auto caller = co_await boost::asio::this_coro::executor;
  // Hop to the pool, run, hop back to the caller's executor (its strand).
  co_await boost::asio::post(boost::asio::bind_executor(pool, boost::asio::use_awaitable));
  std::optional<R> result;
  std::exception_ptr failure;
  std::string failure_text;
  try {
    result.emplace(fn());
  } catch (...) {
    failure = std::current_exception();
    failure_text = current_exception_text();
    log::error("unexpected exception in a request handler: " + failure_text);
  }
  co_await boost::asio::post(boost::asio::bind_executor(caller, boost::asio::use_awaitable));
  if (failure) {
    if constexpr (IsResult<R>::value)
      co_return R(tl::unexpected(Error{Errc::Internal, 0, "internal error: " + failure_text}));
    else
      std::rethrow_exception(failure);
  }
  co_return std::move(*result);
}

} // namespace mydocker::api
