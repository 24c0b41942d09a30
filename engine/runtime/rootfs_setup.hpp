// Mount plan of a container's root: overlay, /proc, /dev, /sys, user mounts, pivot_root,
// masked and read-only paths. Runs inside the new mount namespace.
#pragma once

#include <string>

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

// "" on success, else the failing step ("mount overlay: Invalid argument").
std::string setup_rootfs(const Spec& spec);
std::string overlay_options(const OverlayRootfs& rootfs);

} // namespace mydocker::runtime
