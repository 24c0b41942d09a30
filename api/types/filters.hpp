// Docker's `filters` query parameter: {"k":{"v":true}} (Go CLI) or {"k":["v"]} (docker-py).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::api {

using Filters = std::map<std::string, std::vector<std::string>>;

// InvalidArgument "invalid filter 'x'" for keys outside `allowed` (when non-empty).
Result<Filters> parse_filters(const std::string& text, const std::vector<std::string>& allowed);

} // namespace mydocker::api
