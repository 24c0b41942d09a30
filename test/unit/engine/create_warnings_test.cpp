// The create answer's Warnings, in dockerd 20.10's words and order.
#include <catch2/catch.hpp>

#include "engine/container/create_warnings.hpp"

using namespace mydocker;

namespace {

const char* OOM = "OOM killer is disabled for the container, but no memory limit is set, this "
                  "can result in the system running out of resources.";
const char* WEIGHT =
    "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight "
    "discarded.";
const char* SWAPPINESS = "Your kernel does not support memory swappiness capabilities or the "
                         "cgroup is not mounted. Memory swappiness discarded.";

} // namespace

TEST_CASE("no warnings for what the host applies") {
  api::Resources r;
  r.oom_kill_disable = true;
  r.memory = 64 << 20;
  runtime::CgroupSupport all{true, true, true, true, true, true, true, true};
  CHECK(engine::create_warnings(r, all)->empty());
  CHECK(engine::oom_kill_disable_warning(r).empty());
}

TEST_CASE("oom-kill-disable without memory, after swappiness, before block I/O") {
  api::Resources r;
  r.oom_kill_disable = true;
  r.memory_swappiness = 30;
  r.blkio_weight = 300;
  runtime::CgroupSupport none;
  auto warnings = engine::create_warnings(r, none);
  REQUIRE(warnings);
  CHECK(*warnings == std::vector<std::string>{SWAPPINESS, OOM, WEIGHT});
  CHECK(r.blkio_weight == 0); // discarded
  CHECK_FALSE(r.memory_swappiness);
}
