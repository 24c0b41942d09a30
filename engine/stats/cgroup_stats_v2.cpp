// cgroup v2 stats files (the unified hierarchy), mapped to dockerd's v2 answer.
#include <sstream>

#include "engine/stats/cgroup_stats.hpp"

namespace mydocker::engine {

namespace {

uint64_t number(const std::optional<std::string>& text) {
  return text ? std::strtoull(text->c_str(), nullptr, 10) : 0; // "max" reads as 0
}

// io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device.
void parse_io_stat(const std::string& text, api::BlkioStats& out) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string device;
    if (!(fields >> device) || device.find(':') == std::string::npos)
      continue;
    uint64_t major = std::stoull(device.substr(0, device.find(':')));
    uint64_t minor = std::stoull(device.substr(device.find(':') + 1));
    for (std::string kv; fields >> kv;) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos)
        continue;
      std::string key = kv.substr(0, eq);
      uint64_t value = std::strtoull(kv.c_str() + eq + 1, nullptr, 10);
      if (key == "rbytes" || key == "wbytes")
        out.io_service_bytes_recursive.push_back(
            {major, minor, key == "rbytes" ? "read" : "write", value});
      else if (key == "rios" || key == "wios")
        out.io_serviced_recursive.push_back(
            {major, minor, key == "rios" ? "read" : "write", value});
    }
  }
}

} // namespace

void read_v2_stats(const std::string& dir, const FileReader& read, api::ContainerStats& out) {
  auto cpu = parse_flat_keyed(read(dir + "/cpu.stat").value_or(""));
  out.cpu_stats.cpu_usage.total_usage = cpu["usage_usec"] * 1000;
  out.cpu_stats.cpu_usage.usage_in_usermode = cpu["user_usec"] * 1000;
  out.cpu_stats.cpu_usage.usage_in_kernelmode = cpu["system_usec"] * 1000;
  out.cpu_stats.throttling_data = {cpu["nr_periods"], cpu["nr_throttled"],
                                   cpu["throttled_usec"] * 1000};
  api::MemoryStats& mem = out.memory_stats;
  mem.usage = number(read(dir + "/memory.current"));
  mem.limit = number(read(dir + "/memory.max"));
  mem.stats = parse_flat_keyed(read(dir + "/memory.stat").value_or(""));
  out.pids_stats.current = number(read(dir + "/pids.current"));
  out.pids_stats.limit = number(read(dir + "/pids.max"));
  parse_io_stat(read(dir + "/io.stat").value_or(""), out.blkio_stats);
}

} // namespace mydocker::engine
