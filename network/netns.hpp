// A fresh network namespace for a container, made by the daemon before the shim starts, so
// its interfaces are wired before the container's first instruction (as libnetwork's
// sandboxes). Held by an fd only: when the fd closes and no process is inside any more, the
// kernel destroys the namespace and every veth end in it (no leftovers after a crash).
#pragma once

#include <functional>
#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::network {

// A new, empty network namespace (only a down `lo`). O_CLOEXEC.
Result<Fd> create_netns();

// Runs `work` on the calling thread inside the namespace open as `netns_fd` (fresh_netns: a
// new one), then puts the thread back into the namespace it was in.
// No thread is spawned: on a loaded host a new thread waits several ms for the scheduler
// (issue 11). A thread that cannot get back (setns fails only without memory) must not go on
// serving the daemon in a container's namespace: that aborts the daemon.
inline constexpr int fresh_netns = -1;
Result<void> run_in_netns(int netns_fd, const std::function<void()>& work);

// The path another process (the shim) opens to join the namespace held by `fd` in this process.
std::string netns_path_of_fd(int fd);

} // namespace mydocker::network
