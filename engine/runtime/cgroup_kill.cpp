#include "engine/runtime/cgroup_kill.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

namespace mydocker::runtime {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

std::string read_small(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return "";
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return text;
}

void write_small(const std::string& path, const std::string& value) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  ssize_t ignored = ::write(fd, value.data(), value.size());
  (void)ignored;
  ::close(fd);
}

void set_frozen(const std::string& dir, CgroupFreeze kind, bool frozen) {
  if (kind == CgroupFreeze::V1Freezer)
    write_small(dir + "/freezer.state", frozen ? "FROZEN" : "THAWED");
  else if (kind == CgroupFreeze::V2Freeze)
    write_small(dir + "/cgroup.freeze", frozen ? "1" : "0");
}

// One pass: freeze where possible, SIGKILL every listed pid, thaw. How many were listed.
size_t kill_pass(const std::vector<std::string>& procs_files) {
  std::set<pid_t> pids;
  std::vector<std::pair<std::string, CgroupFreeze>> frozen;
  for (const auto& procs : procs_files) {
    std::string dir = dir_of(procs);
    CgroupFreeze kind = freeze_kind(dir);
    if (kind == CgroupFreeze::V2Kill) {
      write_small(dir + "/cgroup.kill", "1");
      continue;
    }
    set_frozen(dir, kind, true);
    frozen.emplace_back(dir, kind);
    for (pid_t pid : parse_cgroup_pids(read_small(procs)))
      pids.insert(pid);
  }
  for (pid_t pid : pids)
    ::kill(pid, SIGKILL);
  for (const auto& [dir, kind] : frozen)
    set_frozen(dir, kind, false);
  return pids.size();
}

} // namespace

std::vector<pid_t> parse_cgroup_pids(const std::string& procs_text) {
  std::vector<pid_t> pids;
  std::istringstream lines(procs_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.find_first_not_of("0123456789") != std::string::npos ||
        line.size() > 9)
      continue;
    pid_t pid = static_cast<pid_t>(std::stol(line));
    if (pid > 0)
      pids.push_back(pid);
  }
  return pids;
}

CgroupFreeze freeze_kind(const std::string& cgroup_dir) {
  if (exists(cgroup_dir + "/cgroup.kill"))
    return CgroupFreeze::V2Kill;
  if (exists(cgroup_dir + "/cgroup.freeze"))
    return CgroupFreeze::V2Freeze;
  if (exists(cgroup_dir + "/freezer.state"))
    return CgroupFreeze::V1Freezer;
  return CgroupFreeze::None;
}

void kill_cgroup_processes(const std::vector<std::string>& procs_files) {
  // Killed processes leave cgroup.procs once they have exited; a process forked between the
  // read and the kill (no freezer) is caught by the next pass.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (kill_pass(procs_files) > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

} // namespace mydocker::runtime
