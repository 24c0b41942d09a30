// A container's root filesystem, set up inside its new mount namespace (mount_plan.hpp
// has the steps; this runs them with the real system calls).
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
