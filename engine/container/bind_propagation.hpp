// Docker's check of a bind asking shared or slave propagation: the host mount its source
// sits on must be shared (for (r)shared) or shared or slave (for (r)slave), else the start
// fails with dockerd's text.
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::engine {

// `source`: the bind's host path with symlinks resolved; `mountinfo`: the daemon's
// /proc/self/mountinfo. Private propagations always pass.
Result<void> check_bind_propagation(const std::string& source, const std::string& propagation,
                                    const std::string& mountinfo);

} // namespace mydocker::engine
