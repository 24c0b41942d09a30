// The resource part of Docker's HostConfig (moby container.Resources): cgroup limits,
// devices and ulimits. Its keys sit directly in the HostConfig object.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct WeightDevice {
  static constexpr const char* go_name = "blkiodev.WeightDevice";
  std::string path;
  uint16_t weight = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Path", s.path);
    v("Weight", s.weight);
  }
};

struct ThrottleDevice {
  static constexpr const char* go_name = "blkiodev.ThrottleDevice";
  std::string path;
  uint64_t rate = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Path", s.path);
    v("Rate", s.rate);
  }
};

struct DeviceMapping {
  static constexpr const char* go_name = "container.DeviceMapping";
  std::string path_on_host;
  std::string path_in_container;
  std::string cgroup_permissions; // "rwm"
  template <class S, class V> static void fields(S& s, V& v) {
    v("PathOnHost", s.path_on_host);
    v("PathInContainer", s.path_in_container);
    v("CgroupPermissions", s.cgroup_permissions);
  }
};

struct Ulimit {
  static constexpr const char* go_name = "units.Ulimit";
  std::string name; // "nofile", "nproc", ...
  int64_t soft = 0;
  int64_t hard = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("Hard", s.hard);
    v("Soft", s.soft);
  }
};

// --gpus: kept and shown only (no device plugins on this engine).
struct DeviceRequest {
  static constexpr const char* go_name = "container.DeviceRequest";
  std::string driver;
  int count = 0;
  std::vector<std::string> device_ids;
  std::vector<std::vector<std::string>> capabilities;
  std::map<std::string, std::string> options;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Driver", s.driver);
    v("Count", s.count);
    v("DeviceIDs", s.device_ids);
    v("Capabilities", s.capabilities);
    v("Options", s.options);
  }
};

struct Resources {
  static constexpr const char* go_name = "container.Resources";
  int64_t cpu_shares = 0;
  int64_t memory = 0; // bytes, 0 = unlimited
  int64_t nano_cpus = 0;
  std::string cgroup_parent;
  uint16_t blkio_weight = 0;
  std::vector<WeightDevice> blkio_weight_device;
  std::vector<ThrottleDevice> blkio_device_read_bps;
  std::vector<ThrottleDevice> blkio_device_write_bps;
  std::vector<ThrottleDevice> blkio_device_read_iops;
  std::vector<ThrottleDevice> blkio_device_write_iops;
  int64_t cpu_period = 0;
  int64_t cpu_quota = 0;
  int64_t cpu_realtime_period = 0;
  int64_t cpu_realtime_runtime = 0;
  std::string cpuset_cpus;
  std::string cpuset_mems;
  std::vector<DeviceMapping> devices;
  std::vector<std::string> device_cgroup_rules;
  std::vector<DeviceRequest> device_requests;
  int64_t memory_reservation = 0;
  int64_t memory_swap = 0;                  // incl. memory; -1 unlimited, 0 unset
  std::optional<int64_t> memory_swappiness; // -1 from the CLI means unset
  bool oom_kill_disable = false;
  std::optional<int64_t> pids_limit; // <= 0 unlimited
  std::vector<Ulimit> ulimits;
  int64_t cpu_count = 0;
  int64_t cpu_percent = 0;
  uint64_t io_maximum_iops = 0;
  uint64_t io_maximum_bandwidth = 0;

  template <class S, class V> static void fields(S& s, V& v) {
    v("CpuShares", s.cpu_shares);
    v("Memory", s.memory);
    v("NanoCpus", s.nano_cpus);
    v("CgroupParent", s.cgroup_parent);
    v("BlkioWeight", s.blkio_weight);
    v("BlkioWeightDevice", s.blkio_weight_device, Empty::Value);
    v("BlkioDeviceReadBps", s.blkio_device_read_bps, Empty::Value);
    v("BlkioDeviceWriteBps", s.blkio_device_write_bps, Empty::Value);
    v("BlkioDeviceReadIOps", s.blkio_device_read_iops, Empty::Value);
    v("BlkioDeviceWriteIOps", s.blkio_device_write_iops, Empty::Value);
    v("CpuPeriod", s.cpu_period);
    v("CpuQuota", s.cpu_quota);
    v("CpuRealtimePeriod", s.cpu_realtime_period);
    v("CpuRealtimeRuntime", s.cpu_realtime_runtime);
    v("CpusetCpus", s.cpuset_cpus);
    v("CpusetMems", s.cpuset_mems);
    v("Devices", s.devices, Empty::Value);
    v("DeviceCgroupRules", s.device_cgroup_rules);
    v("DeviceRequests", s.device_requests);
    v("MemoryReservation", s.memory_reservation);
    v("MemorySwap", s.memory_swap);
    v("MemorySwappiness", s.memory_swappiness);
    v("OomKillDisable", s.oom_kill_disable);
    v("PidsLimit", s.pids_limit);
    v("Ulimits", s.ulimits, Empty::Value);
    v("CpuCount", s.cpu_count);
    v("CpuPercent", s.cpu_percent);
    v("IOMaximumIOps", s.io_maximum_iops);
    v("IOMaximumBandwidth", s.io_maximum_bandwidth);
  }
};

} // namespace mydocker::api
