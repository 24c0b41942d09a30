// `run`/`create` network flags -> the create body, as the docker CLI builds it: -p/--publish,
// -P/--publish-all, --network, --ip, --network-alias, --dns, --dns-search, --dns-option,
// --add-host.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "common/result.hpp"

namespace mydocker::cli {

const std::vector<FlagSpec>& run_network_flags();
// Adds ExposedPorts, HostConfig.PortBindings/PublishAllPorts/NetworkMode/Dns*/ExtraHosts and
// NetworkingConfig to `body` (whose HostConfig exists).
Result<void> add_network_options(const ParsedArgs& a, nlohmann::json& body);

} // namespace mydocker::cli
