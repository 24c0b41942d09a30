// Public face of the runtime for engine/: start a container under its shim, find it
// again after a daemon restart, signal, freeze, read its exit. Synchronous, Asio-free.
// DRAFT contract between engine/ and engine/runtime; extend, don't fork.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

struct ExitStatus {
  int exit_code = 0;       // 128+N for a signal death, as Docker reports
  bool oom_killed = false;
  int64_t finished_at = 0; // unix nanos
  std::string error;       // start failure text, e.g. `exec: "x": executable file not found in $PATH`
};

struct RunningContainer {
  int shim_pid = 0;
  int pid = 0;              // container init, host pid namespace
  int64_t started_at = 0;   // unix nanos
};

struct RuntimeConfig {
  std::string exec_root;  // state dir: <exec_root>/containers/<id>/
  std::string shim_path;  // mydocker-shim binary
  std::string cgroup_parent = "mydocker";
};

class Runtime {
public:
  static Result<Runtime> create(RuntimeConfig config); // detects the cgroup layout

  // Writes the spec, posix_spawns the shim, waits until the container process exec'd
  // (or failed: Error carries Docker's wording and exit code 126/127 via ExitStatus).
  Result<RunningContainer> start(const Spec& spec);
  // After a daemon restart: is the shim for `id` alive, and what did it record?
  std::optional<RunningContainer> find_running(const std::string& id) const;
  std::optional<ExitStatus> read_exit(const std::string& id) const;
  // A pidfd (readable when the shim exits) so the daemon can watch without being its parent.
  Result<Fd> watch_shim(const std::string& id) const;

  Result<void> signal(const std::string& id, int signo);
  Result<void> freeze(const std::string& id);
  Result<void> thaw(const std::string& id);
  // Connects to the shim's attach socket: multiplexed (non-TTY) frames out, stdin in.
  Result<Fd> attach(const std::string& id) const;
  // Removes cgroups and the state dir of a stopped container.
  Result<void> cleanup(const std::string& id);
};

} // namespace mydocker::runtime
