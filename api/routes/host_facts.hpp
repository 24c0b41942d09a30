// Read-only facts about the host for /version and /info.
#pragma once

#include <cstdint>
#include <string>

namespace mydocker::api {

struct HostFacts {
  std::string kernel_version;   // uname -r
  std::string operating_system; // PRETTY_NAME of /etc/os-release
  std::string os_version;       // VERSION_ID
  std::string architecture;     // uname -m
  std::string hostname;
  int ncpu = 0;
  int64_t mem_total = 0;
  std::string cgroup_version; // "1" (v1 or hybrid) or "2"
  bool memory_limit = false;
  bool swap_limit = false;
  bool pids_limit = false;
  bool cpu_cfs = false;
  bool cpu_shares = false;
  bool cpuset = false;
};

// Parses /proc/self/mountinfo text: "2" when the only cgroup mounts are cgroup2.
std::string detect_cgroup_version(const std::string& mountinfo);
HostFacts read_host_facts();
// Go's runtime.GOARCH for `uname -m`.
std::string go_arch(const std::string& machine);

} // namespace mydocker::api
