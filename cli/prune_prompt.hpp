// What the prune commands share: docker's confirmation prompt and --filter to JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"

namespace mydocker::cli {

// "WARNING! <warning>\nAre you sure you want to continue? [y/N] "; true for y or Y.
bool confirmed(const std::string& warning);
// --filter k=v (repeatable) as the API's {"k":{"v":true}}.
nlohmann::json filters_of(const ParsedArgs& a);

} // namespace mydocker::cli
