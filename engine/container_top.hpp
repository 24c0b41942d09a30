// docker top: the processes of a container's cgroup, with host PIDs, in the columns of
// `ps -ef` (UID PID PPID C STIME TTY TIME CMD) read from /proc. Other ps_args run the host's
// ps and keep the rows of the container's PIDs, as dockerd does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

struct TopResult {
  std::vector<std::string> titles;
  std::vector<std::vector<std::string>> processes;
};

// 409 "Container <id> is not running" when it has no process.
Result<TopResult> container_top(ContainerService& containers, const std::string& exec_root,
                                const std::string& ref, const std::string& ps_args);

// Pure parts (unit tested).
struct ProcStat {
  int pid = 0;
  int ppid = 0;
  std::string comm;
  int64_t tty_nr = 0;
  uint64_t cpu_ticks = 0;   // utime + stime
  uint64_t start_ticks = 0; // since boot
};
std::optional<ProcStat> parse_proc_stat(const std::string& text);
std::string format_cpu_time(uint64_t seconds);             // [D-]HH:MM:SS
std::string format_start_time(int64_t start, int64_t now); // HH:MM today, else MonDD/YYYY
std::string tty_name(int64_t tty_nr);                      // "?" or "pts/N"
// Rows of `ps` output whose PID column is one of `pids` (dockerd's parsePSOutput).
Result<TopResult> filter_ps_output(const std::string& output, const std::vector<int>& pids);

} // namespace mydocker::engine
