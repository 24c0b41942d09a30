// The common shape of a command: --help, docker-style flags, a positional count check,
// then the command's own function.
#pragma once

#include <functional>
#include <limits>
#include <vector>

#include "cli/args.hpp"
#include "cli/command.hpp"

namespace mydocker::cli {

using ArgsFn = std::function<int(Invocation&, const ParsedArgs&)>;
inline constexpr size_t ANY = std::numeric_limits<size_t>::max();

Command simple_command(CommandSpec spec, std::vector<FlagSpec> flags, size_t min_args,
                       size_t max_args, ArgsFn run);

} // namespace mydocker::cli
