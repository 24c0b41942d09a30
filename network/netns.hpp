// A fresh network namespace for a container, made by the daemon before the shim starts, so
// its interfaces are wired before the container's first instruction (as libnetwork's
// sandboxes). Held by an fd only: when the fd closes and no process is inside any more, the
// kernel destroys the namespace and every veth end in it (no leftovers after a crash).
#pragma once

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::network {

// A new, empty network namespace (only a down `lo`), made on a short-lived thread so no
// daemon thread ever changes namespace. O_CLOEXEC.
Result<Fd> create_netns();

// The path another process (the shim) opens to join the namespace held by `fd` in this process.
std::string netns_path_of_fd(int fd);

} // namespace mydocker::network
