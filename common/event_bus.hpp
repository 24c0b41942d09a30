// The daemon's event stream (GET /events): every module that changes something publishes an
// Event here; the route subscribes. A bounded ring keeps the recent past for `since`.
// In common/ so layers, volumes, network and engine can all reach it (design.md §2).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mydocker::events {

struct Event {
  std::string type;   // "container", "image", "volume", "network", "daemon"
  std::string action; // "create", "die", "exec_start: sh -c true", ...
  std::string actor_id;
  std::map<std::string, std::string> attributes;
  std::string scope = "local";
  int64_t time_nano = 0; // set by publish() when 0
};

// One reader of the stream. `notify` runs on the publisher's thread under the bus's lock: it
// must only wake the reader (e.g. post to its executor), never block or publish.
class Subscription {
public:
  explicit Subscription(std::function<void()> notify) : m_notify(std::move(notify)) {}
  std::vector<Event> take(); // the events published since the last take
  void push(const Event& e);

private:
  std::mutex m_mutex;
  std::vector<Event> m_pending;
  std::function<void()> m_notify;
};

class EventBus {
public:
  static constexpr size_t DEFAULT_RING = 1024;
  explicit EventBus(size_t ring_size = DEFAULT_RING) : m_ring_size(ring_size) {}
  void publish(Event e);
  // Registers `sub` and returns the kept events with since <= time <= until (until 0 = none),
  // atomically: nothing is lost or seen twice between the replay and the live stream.
  std::vector<Event> subscribe(const std::shared_ptr<Subscription>& sub, int64_t since,
                               int64_t until);
  void unsubscribe(const std::shared_ptr<Subscription>& sub);
  std::vector<Event> past(int64_t since, int64_t until) const;

private:
  mutable std::mutex m_mutex;
  size_t m_ring_size;
  std::deque<Event> m_ring;
  std::vector<std::shared_ptr<Subscription>> m_subscribers;
  int64_t m_last_time = 0; // times are strictly increasing, so `since` replays keep order
};

// The daemon's bus (one per process).
EventBus& bus();
void publish(Event e);

// Docker's container event attributes: labels, then image and name (the latter win).
Event container_event(std::string action, const std::string& id, const std::string& image,
                      const std::string& name, const std::map<std::string, std::string>& labels,
                      std::map<std::string, std::string> extra = {});
// image events: attributes name (the reference acted on) and the image's labels.
void publish_image(const std::string& action, const std::string& id, const std::string& name,
                   const std::map<std::string, std::string>& labels = {});
// volume events: attributes driver plus `extra` (mount: container, destination, read/write...).
void publish_volume(const std::string& action, const std::string& name, const std::string& driver,
                    std::map<std::string, std::string> extra = {});
// network events: attributes name, type plus `extra` (connect: container).
void publish_network(const std::string& action, const std::string& id, const std::string& name,
                     const std::string& driver, std::map<std::string, std::string> extra = {});

} // namespace mydocker::events
