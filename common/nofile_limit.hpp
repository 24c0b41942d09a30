// The open-file limit: the daemon raises its soft limit to the hard one at start (it holds a
// socket per client and pipes per container); the programs it starts get the soft limit it
// started with, as Go's os/exec gives dockerd's children. The original travels to the shim in
// the environment (the shim is the only program the daemon starts).
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker {

// Soft limit up to the hard one (capped by fs.nr_open when the hard one is infinite); records
// the original for restore_nofile_limit. The new soft limit, or the setrlimit error.
Result<unsigned long> raise_nofile_limit();

// In a child of the daemon: back to the daemon's original soft limit, if it raised it.
void restore_nofile_limit();

} // namespace mydocker
