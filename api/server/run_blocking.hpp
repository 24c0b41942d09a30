// Runs a blocking service call on the thread pool and resumes the coroutine with its result.
#pragma once

#include <type_traits>
#include <utility>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mydocker::api {

// co_await run_blocking(pool, [&] { return service.start(id); });
template <class F>
boost::asio::awaitable<std::invoke_result_t<F>> run_blocking(boost::asio::thread_pool& pool, F fn) {
  auto caller = co_await boost::asio::this_coro::executor;
  // Hop to the pool, run, hop back to the caller's executor (its strand).
  co_await boost::asio::post(boost::asio::bind_executor(pool, boost::asio::use_awaitable));
  auto result = fn();
  co_await boost::asio::post(boost::asio::bind_executor(caller, boost::asio::use_awaitable));
  co_return result;
}

} // namespace mydocker::api
