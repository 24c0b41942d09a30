// The default bridge's address at daemon start: --bip when given, else 172.17.0.1/16 unless
// a host route or address already claims it, then the first free default pool (as dockerd).
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::network {

// `bridge` is the link's name: its own routes (from an earlier run) claim nothing.
Result<std::string> choose_default_bridge_cidr(const std::string& bridge, const std::string& bip);

} // namespace mydocker::network
