// Signal names as Docker accepts them: "SIGTERM", "TERM", "15".
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::engine {

Result<int> parse_signal(const std::string& text);

} // namespace mydocker::engine
