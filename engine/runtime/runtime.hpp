// Public face of the runtime for engine/: start a container under its shim, find it
// again after a daemon restart, signal it, read its exit. Synchronous, Asio-free.
// The shim is a child of the caller while the caller lives: the caller reaps it
// (waitpid on RunningContainer::shim_pid), or init does after a daemon restart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

struct ExitStatus {
  int exit_code = 0;       // 128+N for a signal death, as Docker reports
  int64_t finished_at = 0; // unix nanos
  std::string error;       // start failure, e.g. `exec: "x": executable file not found in $PATH`
};

struct RunningContainer {
  int shim_pid = 0;
  int pid = 0;            // container init, host pid namespace
  int64_t started_at = 0; // unix nanos
};

struct RuntimeConfig {
  std::string exec_root; // state dirs: <exec_root>/containers/<id>/
  std::string shim_path; // the mydocker-shim binary
  std::string cgroup_parent = "mydocker";
};

class Runtime {
public:
  explicit Runtime(RuntimeConfig config);
  ~Runtime(); // removes the empty cgroup parent dirs

  // Writes spec.json, spawns the shim and waits until the process exec'd. A process that
  // cannot start gives InvalidArgument (exit 126/127 recorded in exit.json) in Docker's words.
  Result<RunningContainer> start(const Spec& spec);
  // The container's init pid while it runs (checked against the recorded pid file).
  std::optional<int> running_pid(const std::string& id) const;
  std::optional<ExitStatus> read_exit(const std::string& id) const;
  Result<void> signal(const std::string& id, int signo);
  Result<void> freeze(const std::string& id, bool frozen);
  bool oom_killed(const std::string& id) const;
  // Removes the cgroups and the state dir of a container that is not running.
  Result<void> cleanup(const std::string& id);
  std::string state_dir(const std::string& id) const;
  // The container's cgroup directories (v1: controller -> dir; v2: "" -> dir), for stats
  // and update.
  std::map<std::string, std::string> container_cgroup_dirs(const std::string& id) const {
    return runtime::cgroup_dirs(m_cgroups, m_config.cgroup_parent, id);
  }
  const CgroupLayout& cgroup_layout() const { return m_cgroups; }
  // docker update: writes the limits set in `changes` (pids_limit -1: unlimited) to the
  // container's cgroups (engine/runtime/cgroups_update.cpp).
  Result<void> update_resources(const std::string& id, const Resources& changes);

private:
  RuntimeConfig m_config;
  CgroupLayout m_cgroups;
};

} // namespace mydocker::runtime
