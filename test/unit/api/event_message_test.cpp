#include <catch2/catch.hpp>

#include "api/types/event_message.hpp"

using namespace mydocker;
using api::Filters;

namespace {

events::Event web_die() {
  return events::container_event("die", "0123456789ab", "busybox:latest", "web",
                                 {{"tier", "front"}}, {{"exitCode", "0"}});
}

} // namespace

TEST_CASE("event json: dockerd's shape with the old fields for containers") {
  auto e = web_die();
  e.time_nano = 1'700'000'000'123'456'789;
  auto j = api::event_json(e);
  CHECK(j["status"] == "die");
  CHECK(j["id"] == "0123456789ab");
  CHECK(j["from"] == "busybox:latest");
  CHECK(j["Type"] == "container");
  CHECK(j["Action"] == "die");
  CHECK(j["Actor"]["ID"] == "0123456789ab");
  CHECK(j["Actor"]["Attributes"]["exitCode"] == "0");
  CHECK(j["scope"] == "local");
  CHECK(j["time"] == 1'700'000'000);
  CHECK(j["timeNano"] == 1'700'000'000'123'456'789);
  auto v = api::event_json(events::Event{"volume", "create", "data", {{"driver", "local"}}});
  CHECK_FALSE(v.contains("status"));
  CHECK_FALSE(v.contains("from"));
}

TEST_CASE("event filters: type, event, container, image, label") {
  auto e = web_die();
  CHECK(api::event_matches({}, e));
  CHECK(api::event_matches(Filters{{"type", {"container"}}}, e));
  CHECK_FALSE(api::event_matches(Filters{{"type", {"image"}}}, e));
  CHECK(api::event_matches(Filters{{"event", {"start", "die"}}}, e));
  CHECK_FALSE(api::event_matches(Filters{{"event", {"start"}}}, e));
  CHECK(api::event_matches(Filters{{"container", {"web"}}}, e));
  CHECK(api::event_matches(Filters{{"container", {"0123"}}}, e));
  CHECK_FALSE(api::event_matches(Filters{{"container", {"db"}}}, e));
  CHECK(api::event_matches(Filters{{"image", {"busybox"}}}, e));
  CHECK(api::event_matches(Filters{{"image", {"busybox:latest"}}}, e));
  CHECK_FALSE(api::event_matches(Filters{{"image", {"alpine"}}}, e));
  CHECK(api::event_matches(Filters{{"label", {"tier"}}}, e));
  CHECK(api::event_matches(Filters{{"label", {"tier=front"}}}, e));
  CHECK_FALSE(api::event_matches(Filters{{"label", {"tier=back"}}}, e));
  auto vol = events::Event{"volume", "create", "data", {{"driver", "local"}}};
  CHECK_FALSE(api::event_matches(Filters{{"container", {"web"}}}, vol));
  CHECK(api::event_matches(Filters{{"volume", {"data"}}}, vol));
}

TEST_CASE("event filters: exec_start matches with its command suffix") {
  auto e = events::container_event("exec_start: sh -c true", "abc", "busybox", "web", {});
  CHECK(api::event_matches(Filters{{"event", {"exec_start"}}}, e));
  CHECK_FALSE(api::event_matches(Filters{{"event", {"exec_create"}}}, e));
}
