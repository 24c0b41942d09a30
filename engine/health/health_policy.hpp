// Docker's health-check rules as pure functions (moby daemon/health.go): the probe command,
// the timings with their defaults, how one result moves the status, and the create-time
// validation and image merge of Config.Healthcheck.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/types/container_config.hpp"
#include "api/types/health_types.hpp"
#include "common/result.hpp"

namespace mydocker::engine::health {

inline constexpr const char* STARTING = "starting";
inline constexpr const char* HEALTHY = "healthy";
inline constexpr const char* UNHEALTHY = "unhealthy";
inline constexpr size_t MAX_OUTPUT = 4096; // bytes of a probe's output kept
inline constexpr size_t MAX_LOG = 5;       // results kept in State.Health.Log

// The effective timings in nanoseconds, Docker's defaults for the zero values.
struct Timings {
  int64_t interval = 30'000'000'000;
  int64_t timeout = 30'000'000'000;
  int64_t start_period = 0;
  int64_t start_interval = 5'000'000'000;
  int retries = 3;
};
Timings timings_of(const api::HealthConfig& c);

// The probe's argv: CMD runs its arguments, CMD-SHELL runs them with `shell` (the container's
// Config.Shell, else /bin/sh -c). None for NONE, an empty test or an unknown kind.
std::optional<std::vector<std::string>> probe_command(const api::HealthConfig& c,
                                                      const std::vector<std::string>& shell);

// The wait before the next probe: StartInterval while starting within the start period.
int64_t next_delay(const api::Health& h, const Timings& t, int64_t started_at, int64_t now);

// Appends `result` (keeping MAX_LOG) and updates the status and streak; true when the status
// changed. A failure within the start period while still starting does not count.
bool record_result(api::Health& h, api::HealthcheckResult result, int64_t result_start,
                   int64_t started_at, const Timings& t);

// The output kept of a probe: its first MAX_OUTPUT bytes.
std::string kept_output(const std::string& out, bool truncated);

// Go's time.Duration String() for the timeout message ("300ms", "1m30s").
std::string go_duration(int64_t nanos);

// Docker's 400s: durations under 1ms (other than 0) and negative retries.
Result<void> validate_healthcheck(const std::optional<api::HealthConfig>& c);

// The Healthcheck of an image config blob ("config" object), if it has a valid one.
std::optional<api::HealthConfig> image_healthcheck(const nlohmann::json& config_blob);

// The container's healthcheck: the request's, its zero fields filled from the image's.
std::optional<api::HealthConfig> merge_healthcheck(std::optional<api::HealthConfig> requested,
                                                   const std::optional<api::HealthConfig>& image);

} // namespace mydocker::engine::health
