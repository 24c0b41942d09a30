#include <catch2/catch.hpp>

#include "engine/container/log_options.hpp"

using namespace mydocker;
using namespace mydocker::engine;
using nlohmann::json;
using Opts = std::map<std::string, std::string>;

namespace {
std::string error_of(const std::string& type, const Opts& opts, const LogDefaults& d = {}) {
  auto r = resolve_log_config(type, opts, d);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::InvalidArgument);
  return r.error().message;
}
} // namespace

TEST_CASE("sizes parse as go-units FromHumanSize (decimal)", "[engine][log]") {
  CHECK(parse_human_size("1m").value() == 1000000);
  CHECK(parse_human_size("1M").value() == 1000000);
  CHECK(parse_human_size("10k").value() == 10000);
  CHECK(parse_human_size("1kb").value() == 1000);
  CHECK(parse_human_size("1KiB").value() == 1000);
  CHECK(parse_human_size("2g").value() == 2000000000);
  CHECK(parse_human_size("1.5k").value() == 1500);
  CHECK(parse_human_size("512").value() == 512);
  CHECK(parse_human_size("512b").value() == 512);
  CHECK(parse_human_size("3 m").value() == 3000000);
  CHECK(parse_human_size("abc").error().message == "invalid size: 'abc'");
  CHECK(parse_human_size("-1").error().message == "invalid size: '-1'");
  CHECK(parse_human_size("1x").error().message == "invalid suffix: 'x'");
  CHECK(parse_human_size("1mbb").error().message == "invalid suffix: 'mbb'");
  CHECK(parse_human_size("1.2.3").error().message ==
        "strconv.ParseFloat: parsing \"1.2.3\": invalid syntax");
}

TEST_CASE("json-file options become a rotation spec", "[engine][log]") {
  auto r = resolve_log_config("json-file", {{"max-size", "1m"}, {"max-file", "2"}}, {});
  REQUIRE(r);
  CHECK(r->type == "json-file");
  CHECK(r->config == Opts{{"max-size", "1m"}, {"max-file", "2"}});
  CHECK(r->spec.driver == "json-file");
  CHECK(r->spec.max_size == 1000000);
  CHECK(r->spec.max_file == 2);
  auto plain = resolve_log_config("json-file", {}, {});
  REQUIRE(plain);
  CHECK(plain->spec.max_size == -1);
  CHECK(plain->spec.max_file == 1);
  for (const char* key : {"labels", "labels-regex", "env", "env-regex", "tag", "mode"})
    CHECK(resolve_log_config("json-file", {{key, key == std::string("mode") ? "blocking" : "x"}},
                             {}));
}

TEST_CASE("bad log configs get dockerd's texts", "[engine][log]") {
  CHECK(error_of("asdf", {}) == "logger: no log driver named 'asdf' is registered");
  CHECK(error_of("json-file", {{"foo", "1"}}) == "unknown log opt 'foo' for json-file log driver");
  CHECK(error_of("local", {{"foo", "1"}}) == "unknown log opt 'foo' for log driver local");
  CHECK(error_of("json-file", {{"max-size", "abc"}}) == "invalid size: 'abc'");
  CHECK(error_of("json-file", {{"max-size", "0"}}) == "max-size must be a positive number");
  CHECK(error_of("json-file", {{"max-file", "0"}}) == "max-file cannot be less than 1");
  CHECK(error_of("json-file", {{"max-file", "x"}}) ==
        "strconv.Atoi: parsing \"x\": invalid syntax");
  CHECK(error_of("json-file", {{"compress", "true"}, {"max-size", "1m"}}) ==
        "compress cannot be true when max-file is less than 2 or max-size is not set");
  CHECK(error_of("json-file", {{"compress", "maybe"}}) ==
        "strconv.ParseBool: parsing \"maybe\": invalid syntax");
  CHECK(error_of("json-file", {{"mode", "fast"}}) == "logger: logging mode not supported: fast");
  CHECK(error_of("local", {{"compress", "true"}, {"max-file", "1"}}) ==
        "compression cannot be enabled when max file count is 1");
}

TEST_CASE("local has docker's defaults, none keeps only an attach buffer", "[engine][log]") {
  auto local = resolve_log_config("local", {}, {});
  REQUIRE(local);
  CHECK(local->spec.driver == "local");
  CHECK(local->spec.max_size == 20 * 1024 * 1024);
  CHECK(local->spec.max_file == 5);
  CHECK(local->config.empty());
  auto small = resolve_log_config("local", {{"max-size", "10k"}, {"max-file", "3"}}, {});
  REQUIRE(small);
  CHECK(small->spec.max_size == 10000);
  CHECK(small->spec.max_file == 3);
  auto none = resolve_log_config("none", {{"anything", "goes"}}, {});
  REQUIRE(none);
  CHECK(none->spec.driver == "none");
  CHECK(none->spec.max_file == 1);
  CHECK(none->spec.max_size > 0);
}

TEST_CASE("daemon defaults fill the type and, for the same driver, the options", "[engine][log]") {
  LogDefaults defaults{"json-file", {{"max-size", "10m"}, {"max-file", "3"}}};
  auto r = resolve_log_config("", {{"max-file", "5"}}, defaults);
  REQUIRE(r);
  CHECK(r->type == "json-file");
  CHECK(r->config == Opts{{"max-size", "10m"}, {"max-file", "5"}});
  CHECK(r->spec.max_size == 10000000);
  CHECK(r->spec.max_file == 5);
  auto other = resolve_log_config("local", {}, defaults);
  REQUIRE(other);
  CHECK(other->config.empty());
  auto local_default = resolve_log_config("", {}, LogDefaults{"local", {}});
  REQUIRE(local_default);
  CHECK(local_default->type == "local");
  CHECK(error_of("", {}, LogDefaults{"json-file", {{"max-size", "x1"}}}) ==
        "strconv.ParseFloat: parsing \"x1\": invalid syntax");
}

TEST_CASE("LogConfig is read from a create body's HostConfig", "[engine][log]") {
  auto none = requested_log_config(json::object());
  REQUIRE(none);
  CHECK(none->type.empty());
  auto given = requested_log_config(
      json::parse(R"({"LogConfig":{"Type":"json-file","Config":{"max-size":"1m"}}})"));
  REQUIRE(given);
  CHECK(given->type == "json-file");
  CHECK(given->opts == Opts{{"max-size", "1m"}});
  auto nulls = requested_log_config(json::parse(R"({"LogConfig":{"Type":"","Config":null}})"));
  REQUIRE(nulls);
  CHECK(nulls->opts.empty());
  auto bad = requested_log_config(json::parse(R"({"LogConfig":{"Config":{"max-file":2}}})"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == Errc::InvalidArgument);
}
