// Which cgroup hierarchies a container sees at /sys/fs/cgroup, from the host's mountinfo.
#include <catch2/catch.hpp>

#include "engine/runtime/mount_plan.hpp"

using namespace mydocker::runtime;

namespace {

// This project's CI machines: v1 controllers mounted one by one, named systemd, empty v2.
const char* HYBRID = R"(31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
)";

// Docker's usual v1 host: cpu and cpuacct co-mounted, bound a second time elsewhere.
const char* COMOUNTED =
    R"(30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
31 25 0:27 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid - cgroup cgroup rw,net_cls,net_prio
90 80 0:26 /x /mnt/again rw - cgroup cgroup rw,cpu,cpuacct
)";

const char* V2 = R"(25 23 0:22 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate
26 23 0:23 / /proc rw - proc proc rw
)";

std::vector<std::string> lines(const std::vector<MountStep>& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan)
    out.push_back(describe(step));
  return out;
}

} // namespace

TEST_CASE("hybrid host: one read-only mount per v1 controller", "[runtime][mounts]") {
  auto c = parse_cgroup_mounts(HYBRID);
  CHECK_FALSE(c.v2);
  REQUIRE(c.v1.size() == 4);
  CHECK(c.v1[0].name == "cpu");
  CHECK(c.v1[1].options == "cpuacct");
  std::vector<std::string> expected = {
      "mount tmpfs tmpfs /sys/fs/cgroup nosuid,nodev,noexec mode=755",
      "mount cgroup cgroup /sys/fs/cgroup/cpu ro,nosuid,nodev,noexec cpu",
      "mount cgroup cgroup /sys/fs/cgroup/cpuacct ro,nosuid,nodev,noexec cpuacct",
      "mount cgroup cgroup /sys/fs/cgroup/memory ro,nosuid,nodev,noexec memory",
      "mount cgroup cgroup /sys/fs/cgroup/pids ro,nosuid,nodev,noexec pids",
      "remount /sys/fs/cgroup bind,remount,ro,nosuid,nodev,noexec"};
  CHECK(lines(plan_cgroup_mounts(c, false)) == expected);
}

TEST_CASE("co-mounted controllers get one mount and Docker's symlinks", "[runtime][mounts]") {
  auto c = parse_cgroup_mounts(COMOUNTED);
  REQUIRE(c.v1.size() == 2);
  CHECK(c.v1[0].options == "cpu,cpuacct");
  std::vector<std::string> expected = {
      "mount tmpfs tmpfs /sys/fs/cgroup nosuid,nodev,noexec mode=755",
      "mount cgroup cgroup /sys/fs/cgroup/cpu,cpuacct nosuid,nodev,noexec cpu,cpuacct",
      "symlink /sys/fs/cgroup/cpu -> cpu,cpuacct",
      "symlink /sys/fs/cgroup/cpuacct -> cpu,cpuacct",
      "mount cgroup cgroup /sys/fs/cgroup/net_cls,net_prio nosuid,nodev,noexec net_cls,net_prio",
      "symlink /sys/fs/cgroup/net_cls -> net_cls,net_prio",
      "symlink /sys/fs/cgroup/net_prio -> net_cls,net_prio"};
  CHECK(lines(plan_cgroup_mounts(c, true)) == expected); // --privileged: rw, no seal
}

TEST_CASE("v2 host: one cgroup2 mount", "[runtime][mounts]") {
  auto c = parse_cgroup_mounts(V2);
  CHECK(c.v2);
  CHECK(lines(plan_cgroup_mounts(c, false)) ==
        std::vector<std::string>{"mount cgroup2 cgroup /sys/fs/cgroup ro,nosuid,nodev,noexec"});
  CHECK(plan_cgroup_mounts(parse_cgroup_mounts(""), false).empty());
}

TEST_CASE("cgroupns host: each hierarchy is a read-only bind of the container's own dir",
          "[runtime][mounts]") {
  auto c = parse_cgroup_mounts(HYBRID);
  CHECK(c.v1[2].mount_point == "/sys/fs/cgroup/memory");
  // No dir under cpuacct or pids: those hierarchies are left out rather than shown whole.
  std::vector<std::string> own = {"/sys/fs/cgroup/cpu/d/mydocker/abc",
                                  "/sys/fs/cgroup/memory/d/mydocker/abc",
                                  "/sys/fs/cgroup/memoryx/d/mydocker/abc"};
  auto plan = lines(plan_cgroup_mounts(c, false, own));
  std::vector<std::string> expected = {
      "mount tmpfs tmpfs /sys/fs/cgroup nosuid,nodev,noexec mode=755",
      "bind /sys/fs/cgroup/cpu/d/mydocker/abc /sys/fs/cgroup/cpu bind",
      "remount /sys/fs/cgroup/cpu bind,remount,ro,nosuid,nodev,noexec",
      "bind /sys/fs/cgroup/memory/d/mydocker/abc /sys/fs/cgroup/memory bind",
      "remount /sys/fs/cgroup/memory bind,remount,ro,nosuid,nodev,noexec",
      "remount /sys/fs/cgroup bind,remount,ro,nosuid,nodev,noexec"};
  CHECK(plan == expected);
  auto v2 = parse_cgroup_mounts(V2);
  CHECK(lines(plan_cgroup_mounts(v2, false, {"/sys/fs/cgroup/mydocker/abc"})) ==
        std::vector<std::string>{"bind /sys/fs/cgroup/mydocker/abc /sys/fs/cgroup bind",
                                 "remount /sys/fs/cgroup bind,remount,ro,nosuid,nodev,noexec"});
}
