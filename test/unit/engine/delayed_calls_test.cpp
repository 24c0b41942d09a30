#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "engine/delayed_calls.hpp"

using namespace mydocker::engine;
using namespace std::chrono_literals;

TEST_CASE("a throwing delayed call is logged and the next calls still run", "[engine]") {
  DelayedCalls calls;
  std::atomic<int> ran{0};
  calls.call_after(0ms, [] { throw std::runtime_error("boom"); });
  calls.call_after(1ms, [] { throw 42; });
  calls.call_after(5ms, [&] { ran++; });
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (ran == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  CHECK(ran == 1);
}
