// GET /events: Docker's events.Message on the wire and its `filters` (moby daemon/events).
#pragma once

#include <nlohmann/json.hpp>

#include "api/types/filters.hpp"
#include "common/event_bus.hpp"

namespace mydocker::api {

// The keys dockerd accepts in the events filters.
const std::vector<std::string>& event_filter_keys();

// {"status","id","from" (containers and images only),"Type","Action","Actor":{"ID",
// "Attributes"},"scope","time","timeNano"}.
nlohmann::json event_json(const events::Event& e);

// dockerd's rules: exact type/event (prefix before ':' for exec_* and health_status),
// container/volume/network by ID prefix or name, image by ID, name or either without its tag,
// label as key or key=value over the attributes.
bool event_matches(const Filters& filters, const events::Event& e);

} // namespace mydocker::api
