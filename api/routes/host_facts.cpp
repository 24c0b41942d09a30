#include "api/routes/host_facts.hpp"

#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <sstream>

#include "common/atomic_file.hpp"

namespace mydocker::api {

namespace {

std::string os_release_value(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + "=", 0) != 0)
      continue;
    std::string value = line.substr(key.size() + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\''))
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return "";
}

// Which v1 controllers are mounted (field 9 "cgroup", super options list them).
bool v1_controller_mounted(const std::string& mountinfo, const std::string& controller) {
  std::istringstream in(mountinfo);
  std::string line;
  while (std::getline(in, line)) {
    size_t dash = line.find(" - cgroup ");
    if (dash == std::string::npos)
      continue;
    std::string opts = line.substr(line.rfind(' ') + 1);
    std::istringstream parts(opts);
    std::string opt;
    while (std::getline(parts, opt, ','))
      if (opt == controller)
        return true;
  }
  return false;
}

} // namespace

std::string detect_cgroup_version(const std::string& mountinfo) {
  return mountinfo.find(" - cgroup ") != std::string::npos ? "1" : "2";
}

std::string go_arch(const std::string& machine) {
  if (machine == "x86_64")
    return "amd64";
  if (machine == "aarch64")
    return "arm64";
  if (machine == "i686" || machine == "i386")
    return "386";
  if (machine.rfind("armv", 0) == 0)
    return "arm";
  return machine;
}

HostFacts read_host_facts() {
  HostFacts f;
  utsname u{};
  if (::uname(&u) == 0) {
    f.kernel_version = u.release;
    f.architecture = u.machine;
    f.hostname = u.nodename;
  }
  std::string os_release = read_file("/etc/os-release").value_or("");
  f.operating_system = os_release_value(os_release, "PRETTY_NAME");
  f.os_version = os_release_value(os_release, "VERSION_ID");
  f.ncpu = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  struct sysinfo si {};
  if (::sysinfo(&si) == 0)
    f.mem_total = static_cast<int64_t>(si.totalram) * si.mem_unit;
  std::string mountinfo = read_file("/proc/self/mountinfo").value_or("");
  f.cgroup_version = detect_cgroup_version(mountinfo);
  if (f.cgroup_version == "1") {
    f.memory_limit = v1_controller_mounted(mountinfo, "memory");
    f.swap_limit =
        f.memory_limit && ::access("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", F_OK) == 0;
    f.pids_limit = v1_controller_mounted(mountinfo, "pids");
    f.cpu_cfs = f.cpu_shares = v1_controller_mounted(mountinfo, "cpu");
    f.cpuset = v1_controller_mounted(mountinfo, "cpuset");
  } else {
    std::string controllers = read_file("/sys/fs/cgroup/cgroup.controllers").value_or("");
    f.memory_limit = f.swap_limit = controllers.find("memory") != std::string::npos;
    f.pids_limit = controllers.find("pids") != std::string::npos;
    f.cpu_cfs = f.cpu_shares = controllers.find("cpu ") != std::string::npos ||
                               controllers.find("cpu\n") != std::string::npos;
    f.cpuset = controllers.find("cpuset") != std::string::npos;
  }
  return f;
}

} // namespace mydocker::api
