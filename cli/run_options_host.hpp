// `run` / `create` flags for namespaces, devices, sysctls and the blkio/realtime resources
// (issue 10), as the docker CLI puts them into the create body.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "common/result.hpp"

namespace mydocker::cli {

const std::vector<FlagSpec>& host_run_flags();
// Adds what those flags set to `body` (Domainname) and body["HostConfig"].
Result<void> add_host_run_options(const ParsedArgs& args, nlohmann::json& body);
// --device "/dev/X[:/dev/Y][:rwm]" -> a DeviceMapping object (docker's parseDevice).
Result<nlohmann::json> parse_device_mapping(const std::string& text);

} // namespace mydocker::cli
