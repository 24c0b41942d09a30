#include <catch2/catch.hpp>

#include "engine/container/container_record.hpp"

using namespace mydocker::engine;
using nlohmann::json;

namespace {

// A config.v2.json as main wrote it before the typed structs (raw request JSON + defaults).
const char* OLD_RECORD = R"({"id":"abc","name":"web","created":5,"image":"busybox",
 "image_id":"sha256:aa","path":"sh","args":["-c","true"],
 "config":{"Hostname":"abc","Env":["PATH=/bin"],"Cmd":["-c","true"],"Entrypoint":["sh"],
  "Image":"busybox","Labels":{"k":"v"},"Tty":true,"StopTimeout":3,"Healthcheck":{"Test":["NONE"]}},
 "host_config":{"NetworkMode":"bridge","LogConfig":{"Type":"json-file","Config":{}},
  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2},"AutoRemove":false,
  "Privileged":false,"ReadonlyRootfs":false,"CapAdd":["CAP_NET_ADMIN"],"Memory":1048576,
  "PidsLimit":null},
 "restart_count":1,"log_path":"/l","stopped_by_user":true,
 "state":{"status":"exited","pid":0,"exit_code":3,"started_at":1,"finished_at":2}})";

} // namespace

TEST_CASE("records written before the typed structs still load", "[engine]") {
  ContainerRecord r = record_from_json(json::parse(OLD_RECORD));
  CHECK(r.name == "web");
  CHECK(r.config.tty);
  CHECK(r.config.entrypoint == mydocker::api::StrSlice{"sh"});
  CHECK(r.config.labels.at("k") == "v");
  CHECK(r.config.stop_timeout == 3);
  CHECK(r.config.healthcheck->test == std::vector<std::string>{"NONE"});
  CHECK(r.host_config.restart_policy.name == "on-failure");
  CHECK(r.host_config.restart_policy.maximum_retry_count == 2);
  CHECK(r.host_config.cap_add == mydocker::api::StrSlice{"CAP_NET_ADMIN"});
  CHECK(r.host_config.resources.memory == 1048576);
  CHECK_FALSE(r.host_config.resources.pids_limit);
  CHECK(r.state.status == Status::Exited);
  CHECK(r.state.exit_code == 3);
}

TEST_CASE("a record survives a save and load unchanged", "[engine]") {
  ContainerRecord r = record_from_json(json::parse(OLD_RECORD));
  r.host_config.group_add = {"10"};
  r.host_config.init = true;
  r.networking_config.endpoints_config["bridge"].aliases = {"w"};
  json saved = to_json(r);
  CHECK(saved["host_config"]["Init"] == true);
  CHECK(to_json(record_from_json(saved)) == saved);
}

TEST_CASE("a wrongly typed stored field is left at zero, the rest loads", "[engine]") {
  json j = json::parse(OLD_RECORD);
  j["host_config"]["Memory"] = "abc"; // main stored request bodies unchecked
  j["host_config"]["Init"] = true;    // a field decoded after the bad one
  ContainerRecord r = record_from_json(j);
  CHECK(r.name == "web");
  CHECK(r.host_config.resources.memory == 0);
  CHECK(r.host_config.init == true);
  CHECK(r.config.tty);
}

TEST_CASE("mounts round-trip; older records get their named-volume binds", "[unit]") {
  ContainerRecord r;
  r.id = "abc";
  ContainerMount m;
  m.type = "volume";
  m.source = std::string(64, 'a');
  m.destination = "/data";
  m.anonymous = true;
  r.mounts = {m};
  auto back = record_from_json(to_json(r));
  REQUIRE(back.mounts.size() == 1);
  CHECK(back.mounts[0].anonymous);
  CHECK(back.mounts[0].source == m.source);
  auto old = to_json(r);
  old.erase("mounts");
  old["host_config"]["Binds"] = {"named:/n:ro", "/host:/h"};
  auto upgraded = record_from_json(old);
  REQUIRE(upgraded.mounts.size() == 1);
  CHECK(upgraded.mounts[0].source == "named");
  CHECK(upgraded.mounts[0].read_only);
}

TEST_CASE("State.Health is kept in the record and read back", "[engine]") {
  ContainerRecord r;
  r.id = "abc";
  r.state.status = Status::Exited;
  mydocker::api::Health h;
  h.status = "unhealthy";
  h.failing_streak = 4;
  h.log.push_back({"2026-12-02T06:00:00.1Z", "2026-12-02T06:00:00.2Z", 1, "out\n"});
  r.state.health = h;
  json j = to_json(r);
  CHECK(j["state"]["health"]["Status"] == "unhealthy");
  ContainerRecord back = record_from_json(j);
  REQUIRE(back.state.health);
  CHECK(back.state.health->status == "unhealthy");
  CHECK(back.state.health->failing_streak == 4);
  REQUIRE(back.state.health->log.size() == 1);
  CHECK(back.state.health->log[0].exit_code == 1);
  CHECK(back.state.health->log[0].output == "out\n");
  CHECK(back.state.health->log[0].end == "2026-12-02T06:00:00.2Z");
  // older records have none; a malformed one is dropped, not fatal
  CHECK_FALSE(record_from_json(json::parse(OLD_RECORD)).state.health);
  j["state"]["health"]["FailingStreak"] = "x";
  CHECK_FALSE(record_from_json(j).state.health);
}
