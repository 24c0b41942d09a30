#include "engine/health/health_filter.hpp"

#include <algorithm>

namespace mydocker::engine {

Result<void> validate_health_filter(const api::Filters& filters) {
  auto it = filters.find("health");
  if (it == filters.end())
    return {};
  for (const auto& v : it->second)
    if (v != "starting" && v != "healthy" && v != "unhealthy" && v != "none")
      return invalid_argument("Unrecognised filter value for health: " + v);
  return {};
}

bool health_matches(const std::optional<api::Health>& health, const api::Filters& filters) {
  auto it = filters.find("health");
  if (it == filters.end() || it->second.empty())
    return true;
  const std::string status = health ? health->status : "none";
  return std::find(it->second.begin(), it->second.end(), status) != it->second.end();
}

void add_health_status(std::string& status_text, Status status,
                       const std::optional<api::Health>& health) {
  if (status != Status::Running || !health)
    return;
  status_text += health->status == "starting" ? " (health: starting)" : " (" + health->status + ")";
}

} // namespace mydocker::engine
