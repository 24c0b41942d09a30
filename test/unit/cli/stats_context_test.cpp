#include <catch2/catch.hpp>

#include "cli/stats_context.hpp"

using namespace mydocker::cli;
using nlohmann::json;

TEST_CASE("docker stats numbers: CPU delta, memory without inactive file, I/O sums") {
  json s = json::parse(R"({
    "id": "0123456789abcdef", "name": "/web",
    "cpu_stats": {"cpu_usage": {"total_usage": 300000000}, "system_cpu_usage": 2000000000,
                  "online_cpus": 2},
    "precpu_stats": {"cpu_usage": {"total_usage": 100000000}, "system_cpu_usage": 1000000000},
    "memory_stats": {"usage": 62914560, "limit": 1073741824,
                     "stats": {"total_inactive_file": 10485760}},
    "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 2000},
                 "eth1": {"rx_bytes": 500, "tx_bytes": 0}},
    "blkio_stats": {"io_service_bytes_recursive": [
        {"major": 8, "minor": 0, "op": "Read", "value": 4096},
        {"major": 8, "minor": 0, "op": "Write", "value": 8192},
        {"major": 8, "minor": 0, "op": "Total", "value": 12288}]},
    "pids_stats": {"current": 3}})");
  auto n = stats_numbers(s);
  CHECK(n.cpu_percent == Approx(40.0)); // 0.2e9 / 1e9 * 2 CPUs * 100
  CHECK(n.memory == Approx(52428800));
  CHECK(n.memory_percent == Approx(52428800.0 / 1073741824 * 100));
  CHECK(n.net_rx == 1500);
  CHECK(n.block_read == 4096);
  CHECK(n.block_write == 8192);
  auto ctx = stats_context(s, "web", false);
  CHECK(ctx["ID"] == "0123456789ab");
  CHECK(ctx["Name"] == "web");
  CHECK(ctx["CPUPerc"] == "40.00%");
  CHECK(ctx["MemUsage"] == "50MiB / 1GiB");
  CHECK(ctx["MemPerc"] == "4.88%");
  CHECK(ctx["NetIO"] == "1.5kB / 2kB");
  CHECK(ctx["BlockIO"] == "4.1kB / 8.19kB");
  CHECK(ctx["PIDs"] == "3");
}

TEST_CASE("go-units BytesSize") {
  CHECK(bytes_size(0) == "0B");
  CHECK(bytes_size(1536) == "1.5KiB");
  CHECK(bytes_size(52984832) == "50.53MiB");
}
