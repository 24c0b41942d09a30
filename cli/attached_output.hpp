// Showing a container's output as docker does: multiplexed frames split onto our stdout and
// stderr, and the attach-then-start sequence of `run` and `start -a`.
#pragma once

#include <string>
#include <string_view>

#include "api/client/client.hpp"

namespace mydocker::cli {

// Splits multiplexed frames (possibly cut across reads) onto stdout and stderr; with `raw`
// (a TTY container) the bytes go to stdout as they are.
class Demux {
public:
  explicit Demux(bool raw = false) : m_raw(raw) {}
  void feed(std::string_view data);

private:
  bool m_raw;
  std::string m_carry;
};

struct AttachChoice {
  bool stdout_wanted = true;
  bool stderr_wanted = true;
  bool tty = false;
  bool with_stdin = false; // -i: our stdin to the container's
  std::string detach_keys; // --detach-keys as given ("" = the daemon's default)
};

// Attaches, registers a wait (`next-exit` or `removed`), starts the container, copies its
// output (and our stdin, with -i; over a hijacked connection) until it ends and returns its
// exit status; 0 when the user detached.
Result<int> attach_start_wait(client::Client& c, const std::string& id, const AttachChoice& choice,
                              const std::string& wait_condition);

} // namespace mydocker::cli
