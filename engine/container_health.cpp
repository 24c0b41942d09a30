// State.Health in the container record: the health monitor's current one while it watches the
// container, the record's otherwise (a stopped container, or before the first probe after a
// daemon restart), and its saving after each probe so it survives a daemon restart.
#include "engine/container_service.hpp"

namespace mydocker::engine {

std::optional<api::Health> ContainerService::health_of(const ContainerRecord& r) {
  if (auto current = m_health ? m_health(r.id) : std::nullopt)
    return current;
  return r.state.health;
}

void ContainerService::save_health(const std::string& id) {
  auto e = m_index.find(id);
  if (!e || !m_health)
    return;
  Lock lock((*e)->mutex); // no wait_idle: a busy verb saves the record itself
  Entry& entry = **e;
  if (entry.removed || entry.busy != Busy::None || !has_process(entry.record.state.status))
    return;
  // Read under the entry's mutex: an exit (which stores the final health) cannot come between.
  auto current = m_health(id);
  if (!current)
    return;
  entry.record.state.health = std::move(*current);
  (void)store(entry);
}

} // namespace mydocker::engine
