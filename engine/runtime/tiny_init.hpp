// --init: Docker runs tini as PID 1 so that the user's process gets the signals a PID 1 would
// ignore and zombies are reaped. Here PID 1 forks: the child goes on to exec the user's
// process, PID 1 stays behind as a tiny reaper that forwards every signal to it and exits
// with its status (128 + signal when it was killed), as tini does.
#pragma once

#include <string>

#include "engine/runtime/container_init.hpp"

namespace mydocker::runtime {

// Returns "" in the child (which must exec next) or an error text; the reaper never returns.
std::string start_tiny_init(const InitFds& fds);

} // namespace mydocker::runtime
