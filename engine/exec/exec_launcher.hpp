// Starts one exec'd process: spawns `mydocker-shim exec` (engine/runtime/exec_join.hpp)
// with the process's stdio and waits for its start report. Blocking: call off the reactor.
#pragma once

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "engine/runtime/exec_join.hpp"

namespace mydocker::engine {

struct ExecLaunch {
  std::string shim_path;
  std::string state_dir; // the container's runtime state dir (spec.json)
  int init_pid = 0;      // the container's init, host pid namespace
  runtime::ExecProcess process;
  bool attach_stdin = false, attach_stdout = false, attach_stderr = false;
};

struct LaunchedExec {
  int helper_pid = 0;                // our child: exits with the process's code
  int pid = 0;                       // the process, host pid namespace; 0 when it did not start
  Fd report;                         // "exit <code>" arrives here when it ends
  Fd stdin_fd, stdout_fd, stderr_fd; // our ends of the attached streams (else invalid)
  Fd tty_master;                     // exec -t: the pty's master (input and output)
  int failed_code = 0;               // 126/127/125 when it could not start
  std::string failure;               // the reason, as runc words it
};

Result<LaunchedExec> launch_exec(const ExecLaunch& launch);

// The exit code from "exit <code>" on a finished helper's report socket (non-blocking).
std::optional<int> read_exit_report(int report_fd);

} // namespace mydocker::engine
