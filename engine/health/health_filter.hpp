// ps and the health= filter: "Up 3 seconds (healthy)", Docker's filter values and its 400.
#pragma once

#include <optional>
#include <string>

#include "api/types/filters.hpp"
#include "api/types/health_types.hpp"
#include "common/result.hpp"
#include "engine/container/state_machine.hpp"

namespace mydocker::engine {

// 400 "Unrecognised filter value for health: x" unless starting|healthy|unhealthy|none.
Result<void> validate_health_filter(const api::Filters& filters);
// health=<status>; a container without a healthcheck is "none".
bool health_matches(const std::optional<api::Health>& health, const api::Filters& filters);
// Appends " (healthy)", " (unhealthy)" or " (health: starting)" to a running container's status.
void add_health_status(std::string& status_text, Status status,
                       const std::optional<api::Health>& health);

} // namespace mydocker::engine
