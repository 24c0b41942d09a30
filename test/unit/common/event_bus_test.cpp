#include <catch2/catch.hpp>

#include "common/event_bus.hpp"

using namespace mydocker::events;

TEST_CASE("event bus: subscribers get events in order, with increasing times") {
  EventBus bus;
  int wakeups = 0;
  auto sub = std::make_shared<Subscription>([&] { ++wakeups; });
  bus.subscribe(sub, 0, 0);
  bus.publish(Event{"container", "create", "a"});
  bus.publish(Event{"container", "start", "a"});
  auto got = sub->take();
  REQUIRE(got.size() == 2);
  CHECK(got[0].action == "create");
  CHECK(got[1].action == "start");
  CHECK(got[0].time_nano < got[1].time_nano);
  CHECK(wakeups == 2);
  CHECK(sub->take().empty());
  bus.unsubscribe(sub);
  bus.publish(Event{"container", "die", "a"});
  CHECK(sub->take().empty());
}

TEST_CASE("event bus: no replay without since/until, window replay with them") {
  EventBus bus;
  bus.publish(Event{"image", "tag", "x", {}, "local", 100});
  bus.publish(Event{"image", "tag", "y", {}, "local", 200});
  bus.publish(Event{"image", "tag", "z", {}, "local", 300});
  auto sub = std::make_shared<Subscription>(nullptr);
  CHECK(bus.subscribe(sub, 0, 0).empty());
  auto window = bus.subscribe(std::make_shared<Subscription>(nullptr), 150, 300);
  REQUIRE(window.size() == 2);
  CHECK(window[0].actor_id == "y");
  CHECK(window[1].actor_id == "z");
}

TEST_CASE("event bus: the ring keeps only the newest events") {
  EventBus bus(2);
  for (const char* id : {"a", "b", "c"})
    bus.publish(Event{"volume", "create", id});
  auto kept = bus.past(1, 0);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].actor_id == "b");
}

TEST_CASE("container events carry labels, image and name") {
  auto e =
      container_event("die", "abc", "busybox", "web", {{"tier", "front"}}, {{"exitCode", "3"}});
  CHECK(e.type == "container");
  CHECK(e.attributes.at("image") == "busybox");
  CHECK(e.attributes.at("name") == "web");
  CHECK(e.attributes.at("tier") == "front");
  CHECK(e.attributes.at("exitCode") == "3");
}
