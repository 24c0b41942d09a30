// run/create --health-* and --no-healthcheck -> Config.Healthcheck, as the docker CLI builds it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "common/result.hpp"

namespace mydocker::cli {

// `flags` plus --health-cmd, --health-interval, ..., --no-healthcheck.
std::vector<FlagSpec> with_health_flags(std::vector<FlagSpec> flags);
// Go's time.ParseDuration ("200ms", "1m30s", "1.5s") -> nanoseconds.
Result<int64_t> parse_go_duration(const std::string& text);
// Sets body["Healthcheck"] when any health flag is given; the CLI's own errors otherwise.
Result<void> add_health_flags(const ParsedArgs& args, nlohmann::json& body);

} // namespace mydocker::cli
