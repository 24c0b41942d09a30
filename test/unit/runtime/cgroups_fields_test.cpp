// cgroup writes of --cpuset-mems, --memory-reservation and --oom-kill-disable.
#include <catch2/catch.hpp>

#include "engine/runtime/cgroups.hpp"

using namespace mydocker::runtime;

namespace {

bool has_write(const std::vector<CgroupWrite>& w, const std::string& controller,
               const std::string& file, const std::string& value) {
  for (const auto& x : w)
    if (x.controller == controller && x.file == file && x.value == value)
      return true;
  return false;
}

} // namespace

TEST_CASE("v1 plan writes cpuset.mems, the soft limit and oom_control", "[runtime]") {
  CgroupLayout v1;
  v1.v1_mounts = {{"memory", "/sys/fs/cgroup/memory"}, {"cpuset", "/sys/fs/cgroup/cpuset"}};
  Resources r;
  CHECK(plan_limits(v1, r).empty());
  r.cpuset_mems = "0";
  r.memory_reservation = 8 << 20;
  r.oom_kill_disable = true;
  auto w = plan_limits(v1, r);
  CHECK(has_write(w, "cpuset", "cpuset.mems", "0"));
  CHECK(has_write(w, "memory", "memory.soft_limit_in_bytes", "8388608"));
  CHECK(has_write(w, "memory", "memory.oom_control", "1"));
}

TEST_CASE("v2 plan writes memory.low and cpuset.mems, no OOM switch", "[runtime]") {
  CgroupLayout v2;
  v2.v2 = true;
  v2.v2_mount = "/sys/fs/cgroup";
  Resources r;
  r.cpuset_mems = "0";
  r.memory_reservation = 8 << 20;
  r.oom_kill_disable = true;
  auto w = plan_limits(v2, r);
  CHECK(has_write(w, "", "memory.low", "8388608"));
  CHECK(has_write(w, "", "cpuset.mems", "0"));
  CHECK(w.size() == 2);
}
