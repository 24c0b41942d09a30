#include <catch2/catch.hpp>

#include "engine/container/log_attrs.hpp"
#include "engine/container/log_options.hpp"
#include "engine/shim/json_log.hpp"

using namespace mydocker;
using namespace mydocker::engine;
using Opts = std::map<std::string, std::string>;

namespace {
LogSource source() {
  return LogSource{std::string(64, 'a'),
                   "web",
                   "busybox:latest",
                   "sha256:" + std::string(64, 'b'),
                   {{"com.example.tier", "front"}, {"team", "core"}, {"other", "x"}},
                   {"PATH=/bin", "REGION=eu", "REGION_ZONE=eu-1", "BROKEN"}};
}
} // namespace

TEST_CASE("labels, env and their regexes pick record attrs", "[engine][log]") {
  auto attrs = log_attrs({{"labels", "team,missing"}, {"env", "REGION"}}, source());
  REQUIRE(attrs);
  CHECK(*attrs == Opts{{"team", "core"}, {"REGION", "eu"}});
  auto by_regex = log_attrs({{"labels-regex", "^com\\."}, {"env-regex", "ZONE"}}, source());
  REQUIRE(by_regex);
  CHECK(*by_regex == Opts{{"com.example.tier", "front"}, {"REGION_ZONE", "eu-1"}});
  auto none = log_attrs({{"max-size", "1m"}}, source());
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("tag templates expand Docker's fields", "[engine][log]") {
  CHECK(expand_log_tag("{{.Name}}/{{.ID}}", source()) == "web/aaaaaaaaaaaa");
  CHECK(expand_log_tag("{{ .ImageName }}|{{.ImageID}}", source()) == "busybox:latest|bbbbbbbbbbbb");
  CHECK(expand_log_tag("{{.FullID}}", source()) == std::string(64, 'a'));
  CHECK(expand_log_tag("plain {{.Unknown}} {{", source()) == "plain {{.Unknown}} {{");
  auto attrs = log_attrs({{"tag", "app-{{.Name}}"}}, source());
  REQUIRE(attrs);
  CHECK(*attrs == Opts{{"tag", "app-web"}});
}

TEST_CASE("a bad regex is refused at create", "[engine][log]") {
  auto r = resolve_log_config("json-file", {{"env-regex", "("}}, {});
  REQUIRE_FALSE(r);
  CHECK(r.error().message.rfind("error parsing regexp: ", 0) == 0);
}

TEST_CASE("records keep Docker's key order, attrs only when given", "[engine][log]") {
  CHECK(shim::json_log_record("stdout", "hi\n", 1) ==
        "{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"time\":\"1970-01-01T00:00:00.000000001Z\"}\n");
  CHECK(shim::json_log_record("stderr", "x", 1, {{"tag", "web"}}) ==
        "{\"log\":\"x\",\"stream\":\"stderr\",\"attrs\":{\"tag\":\"web\"},"
        "\"time\":\"1970-01-01T00:00:00.000000001Z\"}\n");
}
