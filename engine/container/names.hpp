// Container names: Docker's rules and generated adjective_surname names.
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::engine {

// Accepts "/web" or "web"; returns the name without the slash.
Result<std::string> validate_name(const std::string& name);
std::string generate_name();

} // namespace mydocker::engine
