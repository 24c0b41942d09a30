#include <catch2/catch.hpp>

#include "cli/go_template.hpp"

using namespace mydocker::cli::tmpl;

namespace {

std::string run(const std::string& text, const Value& data) {
  auto t = Template::parse(text);
  REQUIRE(t);
  auto out = t->execute(data);
  REQUIRE(out);
  return *out;
}

} // namespace

TEST_CASE("{{.State}} prints as Go prints docker's container.State struct") {
  Value data = Value::parse(R"({"State": {"Dead": false, "Error": "", "ExitCode": 0,
      "FinishedAt": "0001-01-01T00:00:00Z", "OOMKilled": false, "Paused": false, "Pid": 1668,
      "Restarting": false, "Running": true, "StartedAt": "2026-12-02T09:29:11.577903584Z",
      "Status": "running"}})");
  CHECK(run("{{.State}}", data) == "{running true false false false false 1668 0  "
                                   "2026-12-02T09:29:11.577903584Z 0001-01-01T00:00:00Z <nil>}");
  CHECK(run("{{.State.Status}}", data) == "running");
  CHECK(run("{{json .State.Pid}}", data) == "1668");
}

TEST_CASE("nested structs and slices of structs") {
  Value data = Value::parse(R"({"HostConfig": {"RestartPolicy": {"MaximumRetryCount": 0,
      "Name": "no"}, "LogConfig": {"Config": {}, "Type": "json-file"}},
      "Mounts": [{"Type": "volume", "Name": "v", "Source": "/s", "Destination": "/d",
                  "Driver": "local", "Mode": "z", "RW": true, "Propagation": ""}],
      "Config": {"Labels": {"a": "b"}}})");
  CHECK(run("{{.HostConfig.RestartPolicy}} {{.HostConfig.LogConfig}}", data) ==
        "{no 0} {json-file map[]}");
  CHECK(run("{{.Mounts}}", data) == "[{volume v /s /d local z true }]");
  CHECK(run("{{.Config.Labels}}", data) == "map[a:b]");
}
