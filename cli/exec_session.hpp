// The docker CLI's hijacked exec start: POST /exec/{id}/start with "Upgrade: tcp" on a raw
// unix socket, then our stdin goes to the process (half-closed at EOF) and its output comes
// back (multiplexed frames, or raw bytes for a tty) until the daemon ends the stream.
#pragma once

#include <functional>
#include <string>

#include "common/result.hpp"

namespace mydocker::cli {

struct ExecSessionOptions {
  std::string host;        // "unix:///path"
  std::string api_version; // "1.44"
  std::string exec_id;
  bool tty = false;
  bool send_stdin = false;
  std::function<void()> on_window_change; // tty: called on SIGWINCH
};

// Returns once the output has ended.
Result<void> run_exec_session(const ExecSessionOptions& options);

} // namespace mydocker::cli
