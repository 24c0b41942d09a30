// What the shim reads to kill the processes a --pid host|container:X init leaves behind.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/runtime/cgroup_kill.hpp"

using namespace mydocker::runtime;
namespace fs = std::filesystem;

TEST_CASE("parse_cgroup_pids keeps the positive pids, one a line") {
  CHECK(parse_cgroup_pids("12\n345\n") == std::vector<pid_t>{12, 345});
  CHECK(parse_cgroup_pids("").empty());
  CHECK(parse_cgroup_pids("0\n-4\nabc\n7 8\n99999999999\n9").size() == 1);
  CHECK(parse_cgroup_pids("0\n-4\nabc\n7 8\n99999999999\n9")[0] == 9);
}

TEST_CASE("freeze_kind prefers cgroup.kill, then cgroup.freeze, then the v1 freezer") {
  char tmpl[] = "/tmp/cgroup-kill-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  CHECK(freeze_kind(dir) == CgroupFreeze::None);
  std::ofstream(dir + "/freezer.state") << "THAWED\n";
  CHECK(freeze_kind(dir) == CgroupFreeze::V1Freezer);
  std::ofstream(dir + "/cgroup.freeze") << "0\n";
  CHECK(freeze_kind(dir) == CgroupFreeze::V2Freeze);
  std::ofstream(dir + "/cgroup.kill");
  CHECK(freeze_kind(dir) == CgroupFreeze::V2Kill);
  fs::remove_all(dir);
}

TEST_CASE("kill_cgroup_processes on an empty or missing cgroup returns at once") {
  char tmpl[] = "/tmp/cgroup-kill-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  std::ofstream(dir + "/cgroup.procs") << "";
  kill_cgroup_processes({dir + "/cgroup.procs", dir + "/missing/cgroup.procs"});
  fs::remove_all(dir);
}
