#include <catch2/catch.hpp>

#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/server/run_blocking.hpp"

using namespace mydocker;
namespace asio = boost::asio;

TEST_CASE("run_blocking turns an exception of the call into an Internal error", "[api]") {
  asio::io_context io;
  asio::thread_pool pool(1);
  std::optional<Result<int>> got;
  bool rethrown = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        got = co_await api::run_blocking(
            pool, []() -> Result<int> { throw std::runtime_error("bad image"); });
        try {
          co_await api::run_blocking(pool, []() -> int { throw std::runtime_error("plain"); });
        } catch (const std::runtime_error&) {
          rethrown = true; // not a Result: rethrown on the caller's executor
        }
      },
      asio::detached);
  io.run();
  pool.join();
  REQUIRE(got);
  REQUIRE_FALSE(*got);
  CHECK(got->error().code == Errc::Internal);
  CHECK(got->error().message.find("bad image") != std::string::npos);
  CHECK(rethrown);
}
