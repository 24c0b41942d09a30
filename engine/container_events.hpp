// Container events in Docker's shape (attributes: labels, image, name, plus the action's own).
#pragma once

#include <map>
#include <string>

#include "common/event_bus.hpp"
#include "engine/container/container_record.hpp"

namespace mydocker::engine {

inline void emit_container_event(const ContainerRecord& r, std::string action,
                                 std::map<std::string, std::string> extra = {}) {
  events::publish(events::container_event(std::move(action), r.id, r.image, r.name, r.config.labels,
                                          std::move(extra)));
}

} // namespace mydocker::engine
