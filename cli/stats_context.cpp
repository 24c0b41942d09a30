#include "cli/stats_context.hpp"

#include <cstdio>

#include "common/human_format.hpp"

namespace mydocker::cli {

using nlohmann::json;

namespace {

uint64_t u64(const json& j, const json::json_pointer& p) {
  return j.contains(p) && j.at(p).is_number() ? j.at(p).get<uint64_t>() : 0;
}

double cpu_percent(const json& s) {
  double cpu_delta =
      static_cast<double>(u64(s, "/cpu_stats/cpu_usage/total_usage"_json_pointer)) -
      static_cast<double>(u64(s, "/precpu_stats/cpu_usage/total_usage"_json_pointer));
  double system_delta = static_cast<double>(u64(s, "/cpu_stats/system_cpu_usage"_json_pointer)) -
                        static_cast<double>(u64(s, "/precpu_stats/system_cpu_usage"_json_pointer));
  double cpus = static_cast<double>(u64(s, "/cpu_stats/online_cpus"_json_pointer));
  if (cpus == 0 && s.contains("/cpu_stats/cpu_usage/percpu_usage"_json_pointer))
    cpus = static_cast<double>(s.at("/cpu_stats/cpu_usage/percpu_usage"_json_pointer).size());
  if (system_delta > 0 && cpu_delta > 0)
    return cpu_delta / system_delta * cpus * 100.0;
  return 0;
}

// Usage minus the inactive file cache: total_inactive_file (v1), else inactive_file (v2).
double memory_no_cache(const json& s) {
  uint64_t usage = u64(s, "/memory_stats/usage"_json_pointer);
  const json& stats = s.contains("memory_stats") ? s["memory_stats"].value("stats", json::object())
                                                 : json::object();
  for (const char* key : {"total_inactive_file", "inactive_file"})
    if (stats.contains(key) && stats[key].is_number() && stats[key].get<uint64_t>() < usage)
      return static_cast<double>(usage - stats[key].get<uint64_t>());
  return static_cast<double>(usage);
}

void add_io(const json& s, StatsNumbers& n) {
  if (s.contains("networks") && s["networks"].is_object())
    for (const auto& [name, net] : s["networks"].items()) {
      n.net_rx += net.value("rx_bytes", 0.0);
      n.net_tx += net.value("tx_bytes", 0.0);
    }
  const json* blkio = s.contains("/blkio_stats/io_service_bytes_recursive"_json_pointer)
                          ? &s.at("/blkio_stats/io_service_bytes_recursive"_json_pointer)
                          : nullptr;
  if (blkio && blkio->is_array())
    for (const auto& e : *blkio) {
      std::string op = e.value("op", "");
      if (!op.empty() && (op[0] == 'r' || op[0] == 'R'))
        n.block_read += e.value("value", 0.0);
      else if (!op.empty() && (op[0] == 'w' || op[0] == 'W'))
        n.block_write += e.value("value", 0.0);
    }
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", v);
  return buf;
}

} // namespace

std::string bytes_size(double bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int i = 0;
  while (bytes >= 1024 && i < 6) {
    bytes /= 1024;
    ++i;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g%s", bytes, units[i]);
  return buf;
}

StatsNumbers stats_numbers(const json& s) {
  StatsNumbers n;
  n.cpu_percent = cpu_percent(s);
  n.memory = memory_no_cache(s);
  n.memory_limit = static_cast<double>(u64(s, "/memory_stats/limit"_json_pointer));
  n.memory_percent = n.memory_limit != 0 ? n.memory / n.memory_limit * 100.0 : 0;
  add_io(s, n);
  n.pids = u64(s, "/pids_stats/current"_json_pointer);
  return n;
}

tmpl::Value stats_context(const json& s, const std::string& container_arg, bool no_trunc) {
  StatsNumbers n = stats_numbers(s);
  std::string id = s.value("id", "");
  std::string name = s.value("name", "");
  tmpl::Value ctx = tmpl::Value::object();
  ctx["BlockIO"] = human_size(n.block_read) + " / " + human_size(n.block_write);
  ctx["CPUPerc"] = percent(n.cpu_percent);
  ctx["Container"] = container_arg;
  ctx["ID"] = no_trunc ? id : id.substr(0, 12);
  ctx["MemPerc"] = percent(n.memory_percent);
  ctx["MemUsage"] = bytes_size(n.memory) + " / " + bytes_size(n.memory_limit);
  ctx["Name"] = name.empty() || name[0] != '/' ? name : name.substr(1);
  ctx["NetIO"] = human_size(n.net_rx) + " / " + human_size(n.net_tx);
  ctx["PIDs"] = std::to_string(n.pids);
  return ctx;
}

tmpl::Value stats_header() {
  tmpl::Value h = tmpl::Value::object();
  h["BlockIO"] = "BLOCK I/O";
  h["CPUPerc"] = "CPU %";
  h["Container"] = "CONTAINER";
  h["ID"] = "CONTAINER ID";
  h["MemPerc"] = "MEM %";
  h["MemUsage"] = "MEM USAGE / LIMIT";
  h["Name"] = "NAME";
  h["NetIO"] = "NET I/O";
  h["PIDs"] = "PIDS";
  return h;
}

} // namespace mydocker::cli
