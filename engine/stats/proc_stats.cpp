// /proc files for stats: the container's interfaces, the host's CPU time and memory.
#include <sstream>

#include "engine/stats/cgroup_stats.hpp"

namespace mydocker::engine {

std::map<std::string, uint64_t> parse_flat_keyed(const std::string& text) {
  std::map<std::string, uint64_t> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string key;
    uint64_t value = 0;
    if (fields >> key >> value)
      out[key] = value;
  }
  return out;
}

// "  eth0: rx_bytes rx_packets rx_errs rx_drop fifo frame compressed multicast tx_bytes ..."
std::map<std::string, api::NetworkStats> parse_net_dev(const std::string& text) {
  std::map<std::string, api::NetworkStats> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    size_t colon = line.find(':');
    if (colon == std::string::npos)
      continue;
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    if (name == "lo" || name.find('|') != std::string::npos)
      continue;
    std::istringstream fields(line.substr(colon + 1));
    uint64_t v[16] = {};
    int n = 0;
    while (n < 16 && fields >> v[n])
      ++n;
    if (n < 12)
      continue;
    out[name] = {v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]};
  }
  return out;
}

uint64_t parse_system_cpu_usage(const std::string& proc_stat, long clock_ticks) {
  std::istringstream in(proc_stat);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string label;
    fields >> label;
    if (label != "cpu")
      continue;
    uint64_t ticks = 0, v = 0;
    for (int i = 0; i < 7 && fields >> v; ++i) // user..softirq, as dockerd sums them
      ticks += v;
    return ticks * (1'000'000'000 / static_cast<uint64_t>(clock_ticks > 0 ? clock_ticks : 100));
  }
  return 0;
}

uint64_t parse_mem_total(const std::string& meminfo) {
  size_t pos = meminfo.find("MemTotal:");
  if (pos == std::string::npos)
    return 0;
  return std::strtoull(meminfo.c_str() + pos + 9, nullptr, 10) * 1024;
}

} // namespace mydocker::engine
