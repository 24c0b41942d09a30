#include "common/event_bus.hpp"

#include <algorithm>

#include "common/time_format.hpp"

namespace mydocker::events {

std::vector<Event> Subscription::take() {
  std::lock_guard lock(m_mutex);
  std::vector<Event> out;
  out.swap(m_pending);
  return out;
}

void Subscription::push(const Event& e) {
  {
    std::lock_guard lock(m_mutex);
    m_pending.push_back(e);
  }
  if (m_notify)
    m_notify();
}

void EventBus::publish(Event e) {
  std::lock_guard lock(m_mutex);
  if (e.time_nano == 0)
    e.time_nano = now_unix_nanos();
  e.time_nano = std::max(e.time_nano, m_last_time + 1);
  m_last_time = e.time_nano;
  m_ring.push_back(e);
  while (m_ring.size() > m_ring_size)
    m_ring.pop_front();
  // Pushed under the bus lock so every subscriber sees the events in publishing order.
  for (const auto& s : m_subscribers)
    s->push(e);
}

std::vector<Event> EventBus::past(int64_t since, int64_t until) const {
  std::lock_guard lock(m_mutex);
  std::vector<Event> out;
  for (const auto& e : m_ring)
    if (e.time_nano >= since && (until == 0 || e.time_nano <= until))
      out.push_back(e);
  return out;
}

std::vector<Event> EventBus::subscribe(const std::shared_ptr<Subscription>& sub, int64_t since,
                                       int64_t until) {
  std::lock_guard lock(m_mutex);
  m_subscribers.push_back(sub);
  std::vector<Event> out;
  if (since == 0 && until == 0) // dockerd replays nothing without either
    return out;
  for (const auto& e : m_ring)
    if (e.time_nano >= since && (until == 0 || e.time_nano <= until))
      out.push_back(e);
  return out;
}

void EventBus::unsubscribe(const std::shared_ptr<Subscription>& sub) {
  std::lock_guard lock(m_mutex);
  std::erase(m_subscribers, sub);
}

EventBus& bus() {
  static EventBus instance;
  return instance;
}

void publish(Event e) {
  bus().publish(std::move(e));
}

Event container_event(std::string action, const std::string& id, const std::string& image,
                      const std::string& name, const std::map<std::string, std::string>& labels,
                      std::map<std::string, std::string> extra) {
  Event e{"container", std::move(action), id, labels};
  e.attributes["image"] = image;
  e.attributes["name"] = name;
  for (auto& [k, v] : extra)
    e.attributes[k] = std::move(v);
  return e;
}

void publish_image(const std::string& action, const std::string& id, const std::string& name,
                   const std::map<std::string, std::string>& labels) {
  Event e{"image", action, id, labels};
  e.attributes["name"] = name;
  publish(std::move(e));
}

void publish_volume(const std::string& action, const std::string& name, const std::string& driver,
                    std::map<std::string, std::string> extra) {
  extra["driver"] = driver;
  publish(Event{"volume", action, name, std::move(extra)});
}

void publish_network(const std::string& action, const std::string& id, const std::string& name,
                     const std::string& driver, std::map<std::string, std::string> extra) {
  extra["name"] = name;
  extra["type"] = driver;
  publish(Event{"network", action, id, std::move(extra)});
}

} // namespace mydocker::events
