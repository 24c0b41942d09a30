// Mount plan of a container's root: overlay, /proc, /dev, /sys, user mounts, pivot_root,
// masked and read-only paths. Runs inside the new mount namespace.
#pragma once

#include <string>

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

// "" on success, else the failing step ("mount overlay: Invalid argument").
std::string setup_rootfs(const Spec& spec);
// `relative`: lower_links (names under lower_root) instead of the absolute lower_dirs.
std::string overlay_options(const OverlayRootfs& rootfs, bool relative = false);
// True when the absolute lowerdir list would overflow the page of mount data.
bool needs_relative_lowers(const OverlayRootfs& rootfs);

} // namespace mydocker::runtime
