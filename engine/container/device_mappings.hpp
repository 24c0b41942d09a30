// --device and --device-cgroup-rule: the host nodes a container gets (made in its root like the
// host's, see runtime::DeviceNode) and the device cgroup rules that let it use them. Read from
// the host when the container starts, as Docker does (a node may come and go between starts).
#pragma once

#include <string>
#include <vector>

#include "api/types/host_resources.hpp"
#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::engine {

struct ContainerDevices {
  std::vector<runtime::DeviceNode> nodes;
  std::vector<runtime::DeviceRule> rules; // after Docker's defaults, in this order
};

// A host path is a device node, or a directory whose device nodes are all taken (their paths
// below PathInContainer). Errors in dockerd's words (a 500 at start).
Result<ContainerDevices> container_devices(const std::vector<api::DeviceMapping>& devices,
                                           const std::vector<std::string>& cgroup_rules);

// One node from a stat of the host's: NotFound-like text "not a device node" otherwise.
Result<runtime::DeviceNode> device_node_of(const std::string& host_path,
                                           const std::string& container_path);

} // namespace mydocker::engine
