#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "engine/exit_monitor.hpp"

using namespace mydocker::engine;
using namespace std::chrono_literals;

namespace {

int child_that_exits() {
  pid_t pid = ::fork();
  if (pid == 0)
    ::_exit(0);
  REQUIRE(pid > 0);
  return pid;
}

} // namespace

TEST_CASE("a throwing exit callback is logged and the monitor goes on", "[engine]") {
  ExitMonitor monitor;
  std::atomic<int> seen{0};
  REQUIRE(monitor.watch(child_that_exits(), [] { throw std::runtime_error("boom"); }));
  REQUIRE(monitor.watch(child_that_exits(), [&] { seen++; }));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (seen == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  CHECK(seen == 1);
}
