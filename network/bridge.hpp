// The daemon's default bridge (dockerd -b/--bridge, --bip): created at start if missing.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::network {

// Our docker0: a different name so mydockerd can run next to a real dockerd.
inline constexpr std::string_view default_bridge_name = "mydocker0";
inline constexpr std::string_view default_bridge_cidr = "172.17.0.1/16";
// `-b none` disables the default bridge, as in dockerd.
inline constexpr std::string_view no_bridge = "none";

// Creates bridge `name` in the caller's network namespace if missing, assigns `cidr`
// (the gateway address with its prefix, e.g. "172.17.0.1/16") and sets it up.
// Idempotent; true when this call created the bridge. Errors: InvalidArgument for a bad
// name/CIDR or an existing non-bridge link of that name; otherwise the failing netlink call.
Result<bool> ensure_bridge(const std::string& name, const std::string& cidr);

// Deletes link `name`; succeeds if it does not exist.
Result<void> delete_bridge(const std::string& name);

// Linux interface name rules: 1..15 bytes, no '/', ':' or whitespace, not "." or "..".
Result<void> validate_link_name(std::string_view name);

} // namespace mydocker::network
