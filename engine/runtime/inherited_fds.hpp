// Descriptors a process passes on across exec: only the ones meant for the next program.
// close_range(2) where the kernel has it (5.9, CLOEXEC flag 5.11), else a loop up to the
// descriptor limit. Async-signal-safe: usable between clone and exec.
#pragma once

namespace mydocker::runtime {

// Closes every descriptor >= first (the shim keeps 0-3: stdio and its start-report pipe).
void close_fds_from(int first);

// Marks every descriptor >= first close-on-exec: they stay usable (the init's error pipe
// must, until execve succeeds) but none reaches the container's program. 0 or an errno.
int cloexec_fds_from(int first);

} // namespace mydocker::runtime
