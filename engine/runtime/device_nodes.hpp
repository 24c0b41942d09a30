// --device nodes, made by the container's init after pivot_root (every path resolves inside
// the container's root) with the host node's type, numbers, mode and owner. Whether the
// container may open them is the device cgroup's decision (device_rules.hpp).
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

// "" or the error. A node that exists already is kept, as runc does.
std::string make_device_nodes(const std::vector<DeviceNode>& nodes);

} // namespace mydocker::runtime
