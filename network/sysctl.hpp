// Kernel switches bridge networking needs, written through /proc/sys (no sysctl binary).
// `proc_sys` is a parameter so tests point it at a temp directory (design.md §5.3).
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::network {

inline constexpr const char* default_proc_sys = "/proc/sys";

// net.ipv4.ip_forward = 1, as dockerd sets it when it manages bridge networking. Writes only
// when the value differs, so a host that already forwards is left untouched.
Result<void> enable_ip_forwarding(const std::string& proc_sys = default_proc_sys);
// net.ipv4.conf.<bridge>.route_localnet = 1: lets DNAT'ed 127.0.0.1 traffic leave through
// the bridge, so published ports answer on the host's loopback without a userland proxy.
Result<void> enable_route_localnet(const std::string& bridge,
                                   const std::string& proc_sys = default_proc_sys);

} // namespace mydocker::network
