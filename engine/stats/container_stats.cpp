// ContainerService::stats: one sample of a container's resource use, read from its cgroups
// and its network namespace's /proc view (blocking file reads: call it on a pool).
#include <unistd.h>

#include "common/atomic_file.hpp"
#include "common/time_format.hpp"
#include "engine/container_service.hpp"
#include "engine/stats/cgroup_stats.hpp"

namespace mydocker::engine {

namespace {

void add_host_facts(const FileReader& read, api::ContainerStats& s) {
  s.cpu_stats.system_cpu_usage =
      parse_system_cpu_usage(read("/proc/stat").value_or(""), ::sysconf(_SC_CLK_TCK));
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  s.cpu_stats.online_cpus = cpus > 0 ? static_cast<uint32_t>(cpus) : 1;
  // dockerd: no limit (or one above the host's memory) shows as the host's memory.
  uint64_t host_memory = parse_mem_total(read("/proc/meminfo").value_or(""));
  uint64_t& limit = s.memory_stats.limit;
  if (host_memory && (limit == 0 || limit > host_memory))
    limit = host_memory;
}

} // namespace

Result<api::ContainerStats> ContainerService::stats(const std::string& ref) {
  ContainerRecord r = TRY(snapshot(ref));
  api::ContainerStats s;
  s.name = "/" + r.name;
  s.id = r.id;
  s.read = std::string(ZERO_TIME);
  s.preread = std::string(ZERO_TIME);
  if (!has_process(r.state.status) || r.state.pid <= 0)
    return s; // dockerd answers a stopped container with its name and ID only
  s.read = format_rfc3339_nano(now_unix_nanos());
  FileReader read = kernel_file_reader();
  auto dirs = m_runtime.container_cgroup_dirs(r.id);
  if (m_runtime.cgroup_layout().v2)
    read_v2_stats(dirs[""], read, s);
  else
    read_v1_stats(dirs, read, s);
  add_host_facts(read, s);
  // The init's /proc view of net/dev is its network namespace's.
  s.networks =
      parse_net_dev(read("/proc/" + std::to_string(r.state.pid) + "/net/dev").value_or(""));
  return s;
}

} // namespace mydocker::engine
