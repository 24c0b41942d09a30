// The interactive part of `run -i/-t` and `attach`: stdin to the hijacked connection, its
// output to our stdout/stderr, SIGWINCH to resize, the detach keys typed on a terminal.
#pragma once

#include <string>

#include "api/client/client.hpp"

namespace mydocker::cli {

struct StreamOptions {
  bool tty = false;
  bool with_stdin = false;
  std::string detach_keys; // the bytes (api/types/detach_keys.hpp); looked for with a tty
};

enum class StreamEnd { OutputEnded, Detached };

// POST /containers/{id}/resize with our terminal's size (when stdout is one).
void resize_to_terminal(client::Client& c, const std::string& id);

// Until the container's output ends or the detach keys are typed.
StreamEnd pump_attached(client::Client& c, const std::string& id, client::HijackedConnection& conn,
                        const StreamOptions& options);

} // namespace mydocker::cli
