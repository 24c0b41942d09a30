// --ipc container:X: the joiner's /dev/shm is X's (Docker binds X's shm tmpfs). X's lives in
// X's mount namespace only, so the shim, before it clones, clones that one mount (open_tree)
// from inside X's namespace and attaches it at a staging path of its own namespace; the
// container binds it at /dev/shm (Spec::mounts) and the shim detaches the staging mount once
// the clone has its copy. Only X's /dev/shm mount itself is taken: no symlink is followed and
// anything but a tmpfs is refused.
#pragma once

#include <string>

namespace mydocker::runtime {

// Attach X's /dev/shm (X's mount namespace `donor_mnt_ns`, "/proc/<pid>/ns/mnt") at `staging`
// (made if missing). "" or the error. Single-threaded callers only (setns of a mount ns).
std::string stage_donor_shm(const std::string& donor_mnt_ns, const std::string& staging);

// Detach what stage_donor_shm attached (the container's copy stays).
void unstage_donor_shm(const std::string& staging);

} // namespace mydocker::runtime
