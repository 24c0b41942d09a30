// A read-only overlay of directories as a detached mount (fsopen/fsconfig/fsmount): never
// attached to any mount namespace, so there is no mount point to clean up and nothing to
// leak if the daemon dies; the kernel drops it when the fd closes.
#pragma once

#include <string>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::layers {

// `lowers` top-most first. Each layer is passed alone ("lowerdir+", kernel 6.8+), so any
// number of layers fits; older kernels get one "lowerdir=" string.
Result<Fd> open_overlay_view(const std::vector<std::string>& lowers);

} // namespace mydocker::layers
