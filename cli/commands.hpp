// One factory per command file.
#pragma once

#include "cli/command.hpp"

namespace mydocker::cli {

Command version_command();
Command info_command();

} // namespace mydocker::cli
