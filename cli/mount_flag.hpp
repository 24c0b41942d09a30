// --mount, --volumes-from and --tmpfs of run/create, as the docker CLI sends them
// (HostConfig.Mounts entries, VolumesFrom, Tmpfs).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "common/result.hpp"

namespace mydocker::cli {

// One --mount value ("type=bind,src=/a,dst=/b,readonly") -> a mount.Mount object; errors
// are docker's ("invalid argument \"x\" for \"--mount\" flag: ...").
Result<nlohmann::json> parse_mount_flag(const std::string& value);
// Adds Mounts, VolumesFrom and Tmpfs to the HostConfig from the parsed flags.
Result<void> add_mount_flags(const ParsedArgs& args, nlohmann::json& host_config);

} // namespace mydocker::cli
