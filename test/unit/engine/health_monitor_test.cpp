// The health monitor's registry: a watch and its timers go when the container stops or is
// removed, so creating and removing many health-checked containers leaves nothing behind.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/health/health_monitor.hpp"

using namespace mydocker;
using namespace mydocker::engine;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/health-monitor-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

// The services the monitor talks to, on a temp data root (no container ever runs).
struct Services {
  TempDir dir;
  std::unique_ptr<layers::ImageService> images;
  std::unique_ptr<ContainerService> containers;
  std::unique_ptr<ExecService> execs;
  Services() {
    std::string root = dir.path.string();
    images = std::move(*layers::ImageService::open(root + "/data"));
    EngineConfig config{root + "/data", root + "/exec", "/nonexistent/mydocker-shim"};
    containers = std::make_unique<ContainerService>(config, *images);
    execs = std::make_unique<ExecService>(*containers, root + "/exec", config.shim_path);
  }
};

ContainerRecord running(const std::string& id, int64_t interval_nanos) {
  ContainerRecord r;
  r.id = id;
  r.state.status = Status::Running;
  r.state.started_at = 1;
  api::HealthConfig hc;
  hc.test = {"CMD", "true"};
  hc.interval = interval_nanos;
  r.config.healthcheck = hc;
  return r;
}

// Polls `counts` until it is {0, 0} or 5 s pass (a zero-delay save may still be queued).
bool settles_empty(HealthMonitor& monitor) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  for (;;) {
    auto c = monitor.counts();
    if (c.watches == 0 && c.timers == 0)
      return true;
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(5ms);
  }
}

} // namespace

TEST_CASE("a stopped container's watch and timers are released", "[engine]") {
  Services s;
  HealthMonitor monitor(*s.containers, *s.execs);
  api::Health kept;
  kept.status = "healthy";
  kept.log.push_back({"a", "b", 0, "earlier\n"});
  for (int i = 0; i < 200; ++i) {
    ContainerRecord r = running("c" + std::to_string(i), 3'600'000'000'000); // probes in 1 h
    r.state.health = kept;
    monitor.container_started(r);
  }
  CHECK(monitor.counts().watches == 200);
  auto health = monitor.health("c7");
  REQUIRE(health);
  CHECK(health->status == "starting"); // as dockerd's restore: starting, streak 0,
  CHECK(health->log.size() == 1);      // the Log of the earlier runs kept
  for (int i = 0; i < 200; ++i) {
    auto final_health = monitor.container_stopped("c" + std::to_string(i));
    REQUIRE(final_health);
    CHECK(final_health->status == "unhealthy");
  }
  CHECK_FALSE(monitor.health("c7"));
  CHECK_FALSE(monitor.container_stopped("c7")); // not watched any more
  CHECK(settles_empty(monitor));
}

TEST_CASE("a watch whose container is gone is dropped at its next probe", "[engine]") {
  Services s;
  HealthMonitor monitor(*s.containers, *s.execs);
  for (int i = 0; i < 50; ++i)
    monitor.container_started(running("gone" + std::to_string(i), 1'000'000)); // 1 ms
  CHECK(settles_empty(monitor));
}

TEST_CASE("a container without a healthcheck is not watched", "[engine]") {
  Services s;
  HealthMonitor monitor(*s.containers, *s.execs);
  ContainerRecord r = running("none", 1'000'000);
  r.config.healthcheck->test = {"NONE"};
  monitor.container_started(r);
  CHECK(monitor.counts().watches == 0);
  CHECK_FALSE(monitor.health("none"));
}
