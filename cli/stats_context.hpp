// docker stats' numbers from one stats answer, computed as the docker CLI does
// (cli/command/container/stats_helpers.go): CPU % from the precpu delta, memory without the
// inactive file cache, network and block I/O sums.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/go_template.hpp"

namespace mydocker::cli {

struct StatsNumbers {
  double cpu_percent = 0;
  double memory = 0, memory_limit = 0, memory_percent = 0;
  double net_rx = 0, net_tx = 0, block_read = 0, block_write = 0;
  uint64_t pids = 0;
};

StatsNumbers stats_numbers(const nlohmann::json& stats);

// formatter.statsContext: Container (as the user named it), ID, Name, CPUPerc, MemUsage,
// MemPerc, NetIO, BlockIO, PIDs.
tmpl::Value stats_context(const nlohmann::json& stats, const std::string& container_arg,
                          bool no_trunc);
tmpl::Value stats_header();
inline constexpr const char* STATS_TABLE =
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}"
    "\t{{.PIDs}}";

// go-units BytesSize: binary units with 4 significant digits ("50.53MiB").
std::string bytes_size(double bytes);

} // namespace mydocker::cli
