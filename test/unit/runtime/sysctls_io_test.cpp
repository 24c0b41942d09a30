// Writing --sysctl values beneath a proc/sys directory, and the block I/O / realtime plan.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "common/atomic_file.hpp"
#include "engine/runtime/cgroup_support.hpp"
#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/sysctls.hpp"

using namespace mydocker::runtime;

namespace {

std::vector<std::string> lines(const std::vector<CgroupWrite>& writes) {
  std::vector<std::string> out;
  for (const auto& w : writes)
    out.push_back(w.controller + " " + w.file + " " + w.value);
  return out;
}

} // namespace

TEST_CASE("sysctl keys become paths below /proc/sys") {
  CHECK(sysctl_relative_path("net.ipv4.ip_forward") == "net/ipv4/ip_forward");
  CHECK(sysctl_relative_path("fs.mqueue.msg_max") == "fs/mqueue/msg_max");
}

TEST_CASE("sysctls are written beneath the directory and never outside it") {
  char dir_template[] = "/tmp/sysctl-test-XXXXXX";
  std::string dir = ::mkdtemp(dir_template);
  ::mkdir((dir + "/sys").c_str(), 0755);
  ::mkdir((dir + "/sys/net").c_str(), 0755);
  std::ofstream(dir + "/sys/net/x") << "0";
  std::ofstream(dir + "/outside") << "keep";
  ::symlink("../outside", (dir + "/sys/net/link").c_str());
  CHECK(write_sysctls({{"net.x", "1"}}, dir + "/sys") == "");
  CHECK(mydocker::read_file(dir + "/sys/net/x").value_or("") == "1");
  CHECK(write_sysctls({{"net.nope", "1"}}, dir + "/sys") ==
        "open " + dir + "/sys/net/nope: no such file or directory");
  CHECK(!write_sysctls({{"net/../../outside", "1"}}, dir + "/sys").empty());
  CHECK(!write_sysctls({{"net.link", "1"}}, dir + "/sys").empty());
  CHECK(mydocker::read_file(dir + "/outside").value_or("") == "keep");
  CHECK(std::system(("rm -rf " + dir).c_str()) == 0);
}

TEST_CASE("v1 writes block I/O limits per device, swappiness and the realtime budget") {
  CgroupLayout v1;
  v1.v1_mounts = {{"blkio", "/b"}, {"memory", "/m"}, {"cpu", "/c"}};
  Resources r;
  r.memory_swappiness = 10;
  r.cpu_rt_period = 1000000;
  r.cpu_rt_runtime = 950000;
  r.blkio_weight = 300;
  r.blkio_read_bps = {{8, 0, 1048576}};
  r.blkio_write_iops = {{8, 16, 100}};
  CHECK(lines(plan_io_and_realtime(v1, r)) ==
        std::vector<std::string>{"memory memory.swappiness 10", "cpu cpu.rt_period_us 1000000",
                                 "cpu cpu.rt_runtime_us 950000", "blkio blkio.weight 300",
                                 "blkio blkio.throttle.read_bps_device 8:0 1048576",
                                 "blkio blkio.throttle.write_iops_device 8:16 100"});
  CHECK(plan_io_and_realtime(v1, Resources{}).empty());
}

TEST_CASE("v2 writes io.weight and io.max") {
  CgroupLayout v2;
  v2.v2 = true;
  Resources r;
  r.blkio_weight = 1000;
  r.blkio_read_bps = {{8, 0, 4096}};
  r.memory_swappiness = 10; // discarded at create on v2; nothing to write
  CHECK(lines(plan_io_and_realtime(v2, r)) ==
        std::vector<std::string>{" io.weight default 10000", " io.max 8:0 rbps=4096"});
}

TEST_CASE("support is read from the files each v1 hierarchy has") {
  CgroupLayout v1;
  v1.v1_mounts = {{"blkio", "/b"}, {"memory", "/m"}, {"cpu", "/c"}};
  auto support = cgroup_support(v1, [](const std::string& path) {
    return path == "/m/memory.swappiness" || path.rfind("/b/blkio.throttle.", 0) == 0;
  });
  CHECK(support.memory_swappiness);
  CHECK((support.blkio_read_bps && support.blkio_write_iops));
  CHECK((!support.blkio_weight && !support.blkio_weight_device && !support.cpu_realtime));
}
