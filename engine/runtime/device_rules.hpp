// The device cgroup rules of a container: Docker's default list (moby oci/defaults.go followed
// by the rules runc always appends), or allow-all for --privileged. Pure planning; the v1
// applier writes them as devices.deny/devices.allow lines, v2 compiles them (device_bpf.hpp).
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

// Docker's defaults: deny everything, then mknod of any node and the harmless char devices.
std::vector<DeviceRule> default_device_rules();

// What a container gets, in order: --privileged allows all; otherwise the defaults followed by
// the container's own rules (a later rule overrides an earlier one).
std::vector<DeviceRule> plan_device_rules(bool privileged, const std::vector<DeviceRule>& extra);

// "c 1:3 rwm", "a *:* rwm": the kernel's devices.allow/devices.deny syntax.
std::string device_rule_text(const DeviceRule& rule);

// Parses Docker's --device-cgroup-rule text ("c 1:3 rwm", "b *:* m", "a").
Result<DeviceRule> parse_device_rule(const std::string& text, bool allow);

} // namespace mydocker::runtime
