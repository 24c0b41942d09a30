// GET /containers/{id}/stats: moby's container.StatsResponse (what the docker CLI, SDK read).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct CpuUsage {
  static constexpr const char* go_name = "container.CPUUsage";
  uint64_t total_usage = 0; // nanoseconds
  std::vector<uint64_t> percpu_usage;
  uint64_t usage_in_kernelmode = 0, usage_in_usermode = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("total_usage", s.total_usage);
    v("percpu_usage", s.percpu_usage, Empty::Omit);
    v("usage_in_kernelmode", s.usage_in_kernelmode);
    v("usage_in_usermode", s.usage_in_usermode);
  }
};

struct ThrottlingData {
  static constexpr const char* go_name = "container.ThrottlingData";
  uint64_t periods = 0, throttled_periods = 0, throttled_time = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("periods", s.periods);
    v("throttled_periods", s.throttled_periods);
    v("throttled_time", s.throttled_time);
  }
};

struct CpuStats {
  static constexpr const char* go_name = "container.CPUStats";
  CpuUsage cpu_usage;
  uint64_t system_cpu_usage = 0; // the host's, nanoseconds
  uint32_t online_cpus = 0;
  ThrottlingData throttling_data;
  template <class S, class V> static void fields(S& s, V& v) {
    v("cpu_usage", s.cpu_usage);
    v("system_cpu_usage", s.system_cpu_usage, Empty::Omit);
    v("online_cpus", s.online_cpus, Empty::Omit);
    v("throttling_data", s.throttling_data);
  }
};

struct MemoryStats {
  static constexpr const char* go_name = "container.MemoryStats";
  uint64_t usage = 0, max_usage = 0;
  std::map<std::string, uint64_t> stats; // memory.stat as the kernel names it
  uint64_t failcnt = 0, limit = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("usage", s.usage, Empty::Omit);
    v("max_usage", s.max_usage, Empty::Omit);
    v("stats", s.stats, Empty::Omit);
    v("failcnt", s.failcnt, Empty::Omit);
    v("limit", s.limit, Empty::Omit);
  }
};

struct BlkioEntry {
  static constexpr const char* go_name = "container.BlkioStatEntry";
  uint64_t major = 0, minor = 0;
  std::string op; // "Read", "Write" (v1) or "read", "write" (v2)
  uint64_t value = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("major", s.major);
    v("minor", s.minor);
    v("op", s.op);
    v("value", s.value);
  }
};

struct BlkioStats {
  static constexpr const char* go_name = "container.BlkioStats";
  std::vector<BlkioEntry> io_service_bytes_recursive, io_serviced_recursive, io_queue_recursive,
      io_service_time_recursive, io_wait_time_recursive, io_merged_recursive, io_time_recursive,
      sectors_recursive;
  template <class S, class V> static void fields(S& s, V& v) {
    v("io_service_bytes_recursive", s.io_service_bytes_recursive);
    v("io_serviced_recursive", s.io_serviced_recursive);
    v("io_queue_recursive", s.io_queue_recursive);
    v("io_service_time_recursive", s.io_service_time_recursive);
    v("io_wait_time_recursive", s.io_wait_time_recursive);
    v("io_merged_recursive", s.io_merged_recursive);
    v("io_time_recursive", s.io_time_recursive);
    v("sectors_recursive", s.sectors_recursive);
  }
};

struct PidsStats {
  static constexpr const char* go_name = "container.PidsStats";
  uint64_t current = 0, limit = 0; // limit 0: unlimited
  template <class S, class V> static void fields(S& s, V& v) {
    v("current", s.current, Empty::Omit);
    v("limit", s.limit, Empty::Omit);
  }
};

struct NetworkStats {
  static constexpr const char* go_name = "container.NetworkStats";
  uint64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_dropped = 0;
  uint64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_dropped = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("rx_bytes", s.rx_bytes);
    v("rx_packets", s.rx_packets);
    v("rx_errors", s.rx_errors);
    v("rx_dropped", s.rx_dropped);
    v("tx_bytes", s.tx_bytes);
    v("tx_packets", s.tx_packets);
    v("tx_errors", s.tx_errors);
    v("tx_dropped", s.tx_dropped);
  }
};

struct StorageStats { // Windows only: always {}
  static constexpr const char* go_name = "container.StorageStats";
  template <class S, class V> static void fields(S&, V&) {}
};

struct ContainerStats {
  static constexpr const char* go_name = "container.StatsResponse";
  std::string name, id;      // name with its leading '/'
  std::string read, preread; // RFC 3339; preread is the zero time on a first sample
  PidsStats pids_stats;
  BlkioStats blkio_stats;
  uint32_t num_procs = 0;
  StorageStats storage_stats;
  CpuStats cpu_stats, precpu_stats;
  MemoryStats memory_stats;
  std::map<std::string, NetworkStats> networks; // per interface, lo left out
  template <class S, class V> static void fields(S& s, V& v) {
    v("name", s.name);
    v("id", s.id);
    v("read", s.read);
    v("preread", s.preread);
    v("pids_stats", s.pids_stats);
    v("blkio_stats", s.blkio_stats);
    v("num_procs", s.num_procs);
    v("storage_stats", s.storage_stats);
    v("cpu_stats", s.cpu_stats);
    v("precpu_stats", s.precpu_stats);
    v("memory_stats", s.memory_stats);
    v("networks", s.networks, Empty::Omit);
  }
};

} // namespace mydocker::api
