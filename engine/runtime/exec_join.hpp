// exec: a process started inside a running container (docker exec). The daemon spawns
// `mydocker-shim exec` (run_exec_helper), which joins the container's namespaces and
// cgroups, forks the process inside its pid namespace and gives it the container's
// confinement (capabilities, no_new_privs, rlimits, seccomp) before execve.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

// What the exec asked for; empty cwd/user mean the container's own.
struct ExecProcess {
  std::vector<std::string> args;
  std::vector<std::string> env; // added to (or replacing) the container's
  std::string cwd;
  std::string user;
  bool tty = false;
  bool privileged = false;     // every capability (the container's seccomp filter stays, as runc)
  uint16_t rows = 0, cols = 0; // a tty's first size (ConsoleSize); 0 = not given
};

void to_json(nlohmann::json& j, const ExecProcess& p);
void from_json(const nlohmann::json& j, ExecProcess& p);

// Docker's ReplaceOrAppendEnvValues: `overrides` replace base entries of the same key
// ("K=V"; a bare "K" removes it), the rest are appended in order.
std::vector<std::string> merge_env(const std::vector<std::string>& base,
                                   const std::vector<std::string>& overrides);

// The spec the exec'd process runs with: the container's confinement, the exec's process.
Spec exec_spec(const Spec& container, const ExecProcess& exec);

// Namespaces joined by the helper before it forks, in this order (user first so the others
// are joined with its capabilities). The cgroup namespace is joined by the process itself
// once the helper has moved it into the container's cgroups.
inline const std::vector<std::string>& joined_namespaces() {
  static const std::vector<std::string> order = {"user", "mnt", "pid", "uts", "ipc", "net"};
  return order;
}

// Report protocol on the helper's fd 3 (a SOCK_SEQPACKET socket, one message each):
// "ok <host pid>" once the program exec'd, then "exit <code>" when it ended; or
// "err <code> <text>" when it could not start (126, 127, 125). With a tty, the pty's master
// (allocated inside the container's devpts) comes first, as a one-byte SCM_RIGHTS message.
inline constexpr int EXEC_REPORT_FD = 3;

// The helper's main: stdio (0-2) are the process's. Returns the helper's exit code.
int run_exec_helper(const std::string& state_dir, int init_pid, const ExecProcess& exec);

} // namespace mydocker::runtime
