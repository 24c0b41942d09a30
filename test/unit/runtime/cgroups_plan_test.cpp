// The pure cgroup planner: layout detection from /proc texts, directories, limit and device
// writes for v1 (hybrid) and v2.
#include <catch2/catch.hpp>

#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/device_rules.hpp"

using namespace mydocker::runtime;

namespace {

// This machine's kind: v1 controllers mounted one per hierarchy, an empty cgroup2 beside them.
const char* HYBRID_MOUNTINFO =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
    "37 31 0:34 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "38 31 0:35 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
    "39 31 0:36 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
const char* HYBRID_SELF = "9:name=systemd:/\n8:pids:/\n5:devices:/\n"
                          "4:memory:/process_api/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n";

// A distribution's combined mount names ("cpu,cpuacct") must not matter.
const char* COMBINED_MOUNTINFO =
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices\n";

const char* V2_MOUNTINFO = "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n";

} // namespace

TEST_CASE("a hybrid host is detected as v1 with each controller's mount and own path") {
  auto l = detect_cgroup_layout(HYBRID_MOUNTINFO, HYBRID_SELF);
  CHECK_FALSE(l.v2);
  CHECK(l.v2_mount == "/sys/fs/cgroup/unified");
  CHECK(l.v1_mounts.at("cpu") == "/sys/fs/cgroup/cpu");
  CHECK(l.v1_mounts.at("devices") == "/sys/fs/cgroup/devices");
  CHECK(l.v1_mounts.count("systemd") == 0);
  CHECK(l.v1_own_paths.at("memory") == "/process_api/abc");
  CHECK(l.v1_own_paths.at("devices").empty());
}

TEST_CASE("combined v1 mounts map every controller to the same directory") {
  auto l = detect_cgroup_layout(COMBINED_MOUNTINFO, "3:cpu,cpuacct:/x\n");
  CHECK(l.v1_mounts.at("cpu") == "/sys/fs/cgroup/cpu,cpuacct");
  CHECK(l.v1_mounts.at("cpuacct") == "/sys/fs/cgroup/cpu,cpuacct");
  CHECK(l.v1_own_paths.at("cpuacct") == "/x");
}

TEST_CASE("a pure v2 host is detected as v2") {
  auto l = detect_cgroup_layout(V2_MOUNTINFO, "0::/user.slice\n");
  CHECK(l.v2);
  CHECK(l.v2_mount == "/sys/fs/cgroup");
  CHECK(l.v1_mounts.empty());
}

TEST_CASE("container directories sit under the daemon's own cgroup in every v1 hierarchy") {
  auto dirs = cgroup_dirs(detect_cgroup_layout(HYBRID_MOUNTINFO, HYBRID_SELF), "mydocker", "c1");
  CHECK(dirs.at("memory") == "/sys/fs/cgroup/memory/process_api/abc/mydocker/c1");
  CHECK(dirs.at("devices") == "/sys/fs/cgroup/devices/mydocker/c1");
  CHECK(dirs.count("") == 0);
  auto v2 = cgroup_dirs(detect_cgroup_layout(V2_MOUNTINFO, "0::/\n"), "mydocker", "c1");
  CHECK(v2 == std::map<std::string, std::string>{{"", "/sys/fs/cgroup/mydocker/c1"}});
}

TEST_CASE("limits are planned with each version's file names") {
  Resources r;
  r.memory = 64 << 20;
  r.nano_cpus = 500'000'000;
  r.pids_limit = 10;
  auto v1 = plan_limits(detect_cgroup_layout(HYBRID_MOUNTINFO, HYBRID_SELF), r);
  REQUIRE(v1.size() == 4);
  CHECK((v1[0].controller == "memory" && v1[0].file == "memory.limit_in_bytes" &&
         v1[0].value == "67108864"));
  CHECK((v1[1].file == "pids.max" && v1[1].value == "10"));
  CHECK((v1[2].file == "cpu.cfs_period_us" && v1[2].value == "100000"));
  CHECK((v1[3].file == "cpu.cfs_quota_us" && v1[3].value == "50000"));
  auto v2 = plan_limits(detect_cgroup_layout(V2_MOUNTINFO, "0::/\n"), r);
  REQUIRE(v2.size() == 3);
  CHECK((v2[0].controller.empty() && v2[0].file == "memory.max"));
  CHECK((v2[2].file == "cpu.max" && v2[2].value == "50000 100000"));
  CHECK(plan_limits(detect_cgroup_layout(V2_MOUNTINFO, ""), Resources{}).empty());
}

TEST_CASE("v1 device rules: deny all first, then each rule to its file in order") {
  auto l = detect_cgroup_layout(HYBRID_MOUNTINFO, HYBRID_SELF);
  auto rules = default_device_rules();
  auto w = plan_device_writes(l, rules);
  REQUIRE(w.size() == rules.size() + 1);
  CHECK((w[0].controller == "devices" && w[0].file == "devices.deny" && w[0].value == "a"));
  CHECK((w[1].file == "devices.deny" && w[1].value == "a *:* rwm"));
  CHECK((w[2].file == "devices.allow" && w[2].value == "c 1:5 rwm"));
  CHECK((w[8].file == "devices.deny" && w[8].value == "c 10:229 rwm"));
  CHECK((w[10].file == "devices.allow" && w[10].value == "b *:* m"));
}

TEST_CASE("v1 --privileged ends with every device allowed") {
  auto w = plan_device_writes(detect_cgroup_layout(HYBRID_MOUNTINFO, HYBRID_SELF),
                              plan_device_rules(true, {}));
  REQUIRE(w.size() == 2);
  CHECK((w[1].file == "devices.allow" && w[1].value == "a *:* rwm"));
}

TEST_CASE("no device files are written on v2 or without a v1 devices hierarchy") {
  CHECK(plan_device_writes(detect_cgroup_layout(V2_MOUNTINFO, ""), default_device_rules()).empty());
  auto no_devices = detect_cgroup_layout(
      "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n", "4:memory:/\n");
  CHECK(plan_device_writes(no_devices, default_device_rules()).empty());
}
