// The `Status` column of `docker ps` ("Up 3 seconds", "Exited (0) 2 minutes ago") and
// the `Command` field (path + args, args with spaces single-quoted).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/container/container_record.hpp"

namespace mydocker::engine {

std::string status_text(const ContainerState& state, int64_t now_nanos);
std::string command_text(const std::string& path, const std::vector<std::string>& args);

} // namespace mydocker::engine
