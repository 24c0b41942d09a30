// Pure path rules for tar members: clean a name, refuse what would leave the root.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace mydocker::layers {

// "./a//b/../c" -> "a/c"; "/etc/x" -> "etc/x" (confined, as Docker does); "" for the root
// itself. InvalidArgument when ".." climbs above the root.
Result<std::string> clean_member_path(std::string_view name);
std::vector<std::string> path_components(std::string_view clean_path);

inline constexpr std::string_view WHITEOUT_PREFIX = ".wh.";
inline constexpr std::string_view OPAQUE_WHITEOUT = ".wh..wh..opq";

} // namespace mydocker::layers
