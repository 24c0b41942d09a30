#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "engine/container/restart_policy.hpp"
#include "engine/delayed_calls.hpp"

using namespace mydocker::engine;
using namespace std::chrono_literals;

TEST_CASE("restart policy decisions follow docker's restart manager", "[engine]") {
  RestartPolicy always{"always", 0}, unless{"unless-stopped", 0}, failure{"on-failure", 2},
      none{"no", 0};
  CHECK(should_restart(always, 0, false, 100));
  CHECK_FALSE(should_restart(always, 1, true, 0));
  CHECK(should_restart(unless, 0, false, 0));
  CHECK_FALSE(should_restart(none, 1, false, 0));
  CHECK(should_restart(failure, 1, false, 1));
  CHECK_FALSE(should_restart(failure, 1, false, 2));
  CHECK_FALSE(should_restart(failure, 0, false, 0));
  CHECK(should_restart(RestartPolicy{"on-failure", 0}, 1, false, 1000));
}

TEST_CASE("on daemon start always comes back even after a manual stop", "[engine]") {
  CHECK(restart_on_daemon_start({"always", 0}, 0, true));
  CHECK_FALSE(restart_on_daemon_start({"unless-stopped", 0}, 0, true));
  CHECK(restart_on_daemon_start({"unless-stopped", 0}, 0, false));
  CHECK_FALSE(restart_on_daemon_start({"on-failure", 0}, 0, false));
  CHECK(restart_on_daemon_start({"on-failure", 0}, 137, false));
  CHECK_FALSE(restart_on_daemon_start({"no", 0}, 1, false));
}

TEST_CASE("backoff doubles from 100 ms to one minute and resets after 10 s of running",
          "[engine]") {
  auto d = next_restart_delay(0ms, 1s);
  CHECK(d == 100ms);
  d = next_restart_delay(d, 1s);
  CHECK(d == 200ms);
  for (int i = 0; i < 20; ++i)
    d = next_restart_delay(d, 1s);
  CHECK(d == 1min);
  CHECK(next_restart_delay(d, 10s) == 100ms);
}

TEST_CASE("restart policy validation gives docker's messages", "[engine]") {
  auto check = [](std::string name, int retries, bool auto_remove) {
    mydocker::api::HostConfig hc;
    hc.restart_policy = {name, retries};
    hc.auto_remove = auto_remove;
    return validate_restart_policy(hc);
  };
  CHECK(check("always", 0, false));
  CHECK(check("no", 0, true));
  CHECK(check("bogus", 0, false).error().message.find("unknown policy 'bogus'") !=
        std::string::npos);
  CHECK(check("always", 2, false).error().message ==
        "invalid restart policy: maximum retry count can only be used with 'on-failure'");
  CHECK(check("on-failure", -1, false).error().message ==
        "invalid restart policy: maximum retry count cannot be negative");
  CHECK(check("always", 0, true).error().message ==
        "can't create 'AutoRemove' container with restart policy");
}

TEST_CASE("delayed calls run in deadline order and cancelled ones never run", "[engine]") {
  DelayedCalls calls;
  std::mutex m;
  std::vector<int> order;
  auto record = [&](int n) {
    return [&, n] {
      std::lock_guard lock(m);
      order.push_back(n);
    };
  };
  calls.call_after(60ms, record(3));
  uint64_t cancelled = calls.call_after(30ms, record(99));
  calls.call_after(10ms, record(1));
  calls.call_after(40ms, record(2));
  calls.cancel(cancelled);
  auto deadline = std::chrono::steady_clock::now() + 5s;
  for (;;) {
    {
      std::lock_guard lock(m);
      if (order.size() == 3 || std::chrono::steady_clock::now() > deadline)
        break;
    }
    std::this_thread::sleep_for(5ms);
  }
  std::lock_guard lock(m);
  CHECK(order == std::vector<int>{1, 2, 3});
}
