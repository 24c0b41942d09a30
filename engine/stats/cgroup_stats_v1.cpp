// cgroup v1 stats files, as runc's libcontainer reads them for dockerd.
#include <sstream>

#include "common/atomic_file.hpp"
#include "engine/stats/cgroup_stats.hpp"

namespace mydocker::engine {

namespace {

constexpr uint64_t NANOS_PER_TICK = 1'000'000'000 / 100; // cpuacct.stat counts USER_HZ (100)

uint64_t number(const std::optional<std::string>& text) {
  return text ? std::strtoull(text->c_str(), nullptr, 10) : 0;
}

std::string dir_of(const std::map<std::string, std::string>& dirs, const std::string& c) {
  auto it = dirs.find(c);
  return it == dirs.end() ? "" : it->second;
}

// "8:0 Read 4096" lines; the trailing "Total N" line is not a device entry.
std::vector<api::BlkioEntry> parse_blkio_v1(const std::optional<std::string>& text) {
  std::vector<api::BlkioEntry> out;
  std::istringstream in(text.value_or(""));
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string device, op;
    uint64_t value = 0;
    if (!(fields >> device >> op >> value))
      continue;
    size_t colon = device.find(':');
    if (colon == std::string::npos)
      continue;
    out.push_back(
        {std::stoull(device.substr(0, colon)), std::stoull(device.substr(colon + 1)), op, value});
  }
  return out;
}

void read_cpu_v1(const std::string& cpuacct, const std::string& cpu, const FileReader& read,
                 api::CpuStats& out) {
  if (!cpuacct.empty()) {
    out.cpu_usage.total_usage = number(read(cpuacct + "/cpuacct.usage"));
    std::istringstream percpu(read(cpuacct + "/cpuacct.usage_percpu").value_or(""));
    for (uint64_t v; percpu >> v;)
      out.cpu_usage.percpu_usage.push_back(v);
    auto ticks = parse_flat_keyed(read(cpuacct + "/cpuacct.stat").value_or(""));
    out.cpu_usage.usage_in_usermode = ticks["user"] * NANOS_PER_TICK;
    out.cpu_usage.usage_in_kernelmode = ticks["system"] * NANOS_PER_TICK;
  }
  if (!cpu.empty()) {
    auto stat = parse_flat_keyed(read(cpu + "/cpu.stat").value_or(""));
    out.throttling_data = {stat["nr_periods"], stat["nr_throttled"], stat["throttled_time"]};
  }
}

void read_memory_v1(const std::string& dir, const FileReader& read, api::MemoryStats& out) {
  if (dir.empty())
    return;
  out.usage = number(read(dir + "/memory.usage_in_bytes"));
  out.max_usage = number(read(dir + "/memory.max_usage_in_bytes"));
  out.failcnt = number(read(dir + "/memory.failcnt"));
  out.limit = number(read(dir + "/memory.limit_in_bytes"));
  out.stats = parse_flat_keyed(read(dir + "/memory.stat").value_or(""));
}

} // namespace

void read_v1_stats(const std::map<std::string, std::string>& dirs, const FileReader& read,
                   api::ContainerStats& out) {
  read_cpu_v1(dir_of(dirs, "cpuacct"), dir_of(dirs, "cpu"), read, out.cpu_stats);
  read_memory_v1(dir_of(dirs, "memory"), read, out.memory_stats);
  if (std::string pids = dir_of(dirs, "pids"); !pids.empty()) {
    out.pids_stats.current = number(read(pids + "/pids.current"));
    out.pids_stats.limit = number(read(pids + "/pids.max")); // "max" reads as 0: unlimited
  }
  if (std::string blkio = dir_of(dirs, "blkio"); !blkio.empty()) {
    out.blkio_stats.io_service_bytes_recursive =
        parse_blkio_v1(read(blkio + "/blkio.throttle.io_service_bytes_recursive"));
    out.blkio_stats.io_serviced_recursive =
        parse_blkio_v1(read(blkio + "/blkio.throttle.io_serviced_recursive"));
  }
}

FileReader kernel_file_reader() {
  return [](const std::string& path) -> std::optional<std::string> {
    auto text = read_file(path);
    if (!text)
      return std::nullopt;
    return *text;
  };
}

} // namespace mydocker::engine
