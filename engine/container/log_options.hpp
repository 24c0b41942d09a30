// HostConfig.LogConfig -> what the shim does with a container's output, validated as dockerd
// validates it (moby daemon/logger: ValidateLogOpts, jsonfilelog and local option parsing),
// so a bad config is refused at create and never stored.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::engine {

// The daemon's defaults: daemon.json `log-driver`/`log-opts`, flags --log-driver/--log-opt.
struct LogDefaults {
  std::string type = "json-file";
  std::map<std::string, std::string> opts;
};

struct EffectiveLogConfig {
  std::string type;                          // HostConfig.LogConfig.Type as inspect shows it
  std::map<std::string, std::string> config; // HostConfig.LogConfig.Config (defaults merged)
  runtime::LogSpec spec;                     // what the shim does
};

// `type` "" takes the daemon's default driver; the default options apply only when the
// driver is the default one (as dockerd's mergeAndVerifyLogConfig).
Result<EffectiveLogConfig> resolve_log_config(const std::string& type,
                                              const std::map<std::string, std::string>& opts,
                                              const LogDefaults& defaults);

// HostConfig.LogConfig as the request gives it (until HostConfig is a typed struct).
struct RequestedLogConfig {
  std::string type;
  std::map<std::string, std::string> opts;
};
// A missing or null LogConfig is {"", {}}; wrongly typed fields are a 400.
Result<RequestedLogConfig> requested_log_config(const nlohmann::json& host_config);

// go-units FromHumanSize: decimal multipliers (k = 1000), optional "b"/"ib" suffix.
Result<int64_t> parse_human_size(const std::string& text);

} // namespace mydocker::engine
