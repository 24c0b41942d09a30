// Reading a container's resource use for GET /containers/{id}/stats: pure parsers of the
// kernel's text files (cgroup v1 and v2, /proc) behind a file reader, so unit tests run them
// on fixture files.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "api/types/container_stats.hpp"

namespace mydocker::engine {

// path -> contents; nullopt when the file is missing (a controller not mounted).
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;
FileReader kernel_file_reader();

// v1: controller -> the container's directory in that hierarchy (cpuacct, cpu, memory, pids,
// blkio); fills cpu_stats (all but the host fields), memory_stats, pids_stats, blkio_stats.
void read_v1_stats(const std::map<std::string, std::string>& dirs, const FileReader& read,
                   api::ContainerStats& out);
// v2: the container's one directory.
void read_v2_stats(const std::string& dir, const FileReader& read, api::ContainerStats& out);

// /proc/<pid>/net/dev (the container's network namespace): every interface but lo.
std::map<std::string, api::NetworkStats> parse_net_dev(const std::string& text);
// The host's CPU time from /proc/stat's "cpu" line, in nanoseconds (as dockerd sums it).
uint64_t parse_system_cpu_usage(const std::string& proc_stat, long clock_ticks);
// MemTotal of /proc/meminfo in bytes (0 if absent).
uint64_t parse_mem_total(const std::string& meminfo);

// "key value" lines (memory.stat, cpu.stat, cpuacct.stat) as a map.
std::map<std::string, uint64_t> parse_flat_keyed(const std::string& text);

} // namespace mydocker::engine
