#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "engine/stats/cgroup_stats.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {

// __FILE__ may be relative to the compiler's directory (ctest's for this test): also look
// for the source tree from the current directory up.
std::string fixture_dir(const char* name) {
  std::string here = __FILE__;
  std::string candidate = here.substr(0, here.rfind('/')) + "/fixtures/" + name;
  std::string up;
  for (int i = 0; i < 5 && !std::filesystem::exists(candidate); ++i, up += "../")
    candidate = up + "test/unit/engine/fixtures/" + name;
  return candidate;
}

// An in-memory cgroup v1 tree.
FileReader fake(std::map<std::string, std::string> files) {
  return [files](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end())
      return std::nullopt;
    return it->second;
  };
}

} // namespace

TEST_CASE("cgroup v2 stats from fixture files") {
  api::ContainerStats s;
  read_v2_stats(fixture_dir("cgroup_v2"), kernel_file_reader(), s);
  CHECK(s.cpu_stats.cpu_usage.total_usage == 2'500'000'000ULL);
  CHECK(s.cpu_stats.cpu_usage.usage_in_usermode == 1'500'000'000ULL);
  CHECK(s.cpu_stats.cpu_usage.usage_in_kernelmode == 1'000'000'000ULL);
  CHECK(s.cpu_stats.throttling_data.throttled_periods == 2);
  CHECK(s.memory_stats.usage == 52428800);
  CHECK(s.memory_stats.limit == 0); // "max": the caller puts the host's memory there
  CHECK(s.memory_stats.stats.at("inactive_file") == 1048576);
  CHECK(s.pids_stats.current == 3);
  CHECK(s.pids_stats.limit == 100);
  REQUIRE(s.blkio_stats.io_service_bytes_recursive.size() == 2);
  CHECK(s.blkio_stats.io_service_bytes_recursive[0].op == "read");
  CHECK(s.blkio_stats.io_service_bytes_recursive[0].value == 4096);
  CHECK(s.blkio_stats.io_service_bytes_recursive[1].op == "write");
  CHECK(s.blkio_stats.io_serviced_recursive.size() == 2);
}

TEST_CASE("cgroup v1 stats from the separate controllers") {
  api::ContainerStats s;
  std::map<std::string, std::string> dirs = {
      {"cpuacct", "/a"}, {"cpu", "/c"}, {"memory", "/m"}, {"pids", "/p"}, {"blkio", "/b"}};
  read_v1_stats(dirs,
                fake({{"/a/cpuacct.usage", "123456789\n"},
                      {"/a/cpuacct.usage_percpu", "100000000 23456789 \n"},
                      {"/a/cpuacct.stat", "user 5\nsystem 7\n"},
                      {"/c/cpu.stat", "nr_periods 4\nnr_throttled 1\nthrottled_time 99\n"},
                      {"/m/memory.usage_in_bytes", "60000000\n"},
                      {"/m/memory.limit_in_bytes", "9223372036854771712\n"},
                      {"/m/memory.stat", "cache 9000000\ntotal_inactive_file 8000000\n"},
                      {"/p/pids.current", "2\n"},
                      {"/p/pids.max", "max\n"},
                      {"/b/blkio.throttle.io_service_bytes_recursive",
                       "8:0 Read 512\n8:0 Write 1024\n8:0 Total 1536\nTotal 1536\n"}}),
                s);
  CHECK(s.cpu_stats.cpu_usage.total_usage == 123456789);
  CHECK(s.cpu_stats.cpu_usage.percpu_usage == std::vector<uint64_t>{100000000, 23456789});
  CHECK(s.cpu_stats.cpu_usage.usage_in_usermode == 50'000'000);
  CHECK(s.cpu_stats.cpu_usage.usage_in_kernelmode == 70'000'000);
  CHECK(s.cpu_stats.throttling_data.periods == 4);
  CHECK(s.memory_stats.usage == 60000000);
  CHECK(s.memory_stats.stats.at("total_inactive_file") == 8000000);
  CHECK(s.pids_stats.current == 2);
  CHECK(s.pids_stats.limit == 0);
  REQUIRE(s.blkio_stats.io_service_bytes_recursive.size() == 3);
  CHECK(s.blkio_stats.io_service_bytes_recursive[1].op == "Write");
  CHECK(s.blkio_stats.io_service_bytes_recursive[1].major == 8);
}

TEST_CASE("net/dev: every interface but lo") {
  std::string text =
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
      "drop fifo colls carrier compressed\n"
      "    lo:     100       1    0    0    0     0          0         0      100       1    0 "
      "   0    0     0       0          0\n"
      "  eth0:    2048      10    1    2    0     0          0         0     4096      20    3 "
      "   4    0     0       0          0\n";
  auto nets = parse_net_dev(text);
  REQUIRE(nets.size() == 1);
  const auto& eth0 = nets.at("eth0");
  CHECK(eth0.rx_bytes == 2048);
  CHECK(eth0.rx_packets == 10);
  CHECK(eth0.rx_errors == 1);
  CHECK(eth0.rx_dropped == 2);
  CHECK(eth0.tx_bytes == 4096);
  CHECK(eth0.tx_dropped == 4);
}

TEST_CASE("host CPU time and memory from /proc") {
  CHECK(parse_system_cpu_usage("cpu  10 20 30 40 50 60 70 80 0 0\ncpu0 1 2 3\n", 100) ==
        (10 + 20 + 30 + 40 + 50 + 60 + 70) * 10'000'000ULL);
  CHECK(parse_mem_total("MemTotal:       24000000 kB\nMemFree: 1 kB\n") == 24000000ULL * 1024);
}
