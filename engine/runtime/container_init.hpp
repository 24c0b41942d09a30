// What runs inside the container's new namespaces between clone and exec: the root
// filesystem (overlay + pivot_root), /proc /dev /sys, hostname, loopback, identity,
// capabilities, then execve. No exceptions and no allocation-heavy work after failure:
// errors are written to `error_fd` as text and the process _exits (design.md §3).
#pragma once

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

struct InitFds {
  int sync_fd = -1;  // waits for one byte from the shim before setting up
  int error_fd = -1; // CLOEXEC: EOF at exec means success
  int stdout_fd = -1;
  int stderr_fd = -1;
  int stdin_fd = -1; // -1: /dev/null (no OpenStdin); unused with a tty, which serves 0-2
};

// Never returns.
[[noreturn]] void container_init(const Spec& spec, const InitFds& fds);

// exec (engine/runtime/exec_join.hpp): a process that has joined a running container's
// namespaces gets the container's rlimits, identity, capabilities, no_new_privs and seccomp,
// then execve. Errors go to `error_fd` as text, as the init's do. Never returns.
[[noreturn]] void exec_in_container(const Spec& spec, int error_fd);

// Docker's exit codes for a process that could not be started.
inline constexpr int EXIT_CANNOT_INVOKE = 126;
inline constexpr int EXIT_NOT_FOUND = 127;

} // namespace mydocker::runtime
