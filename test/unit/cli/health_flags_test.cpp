#include <catch2/catch.hpp>

#include "cli/health_flags.hpp"

using namespace mydocker::cli;

namespace {
ParsedArgs args(std::map<std::string, std::vector<std::string>> values) {
  ParsedArgs a;
  a.values = std::move(values);
  return a;
}
} // namespace

TEST_CASE("Go durations") {
  CHECK(*parse_go_duration("200ms") == 200'000'000);
  CHECK(*parse_go_duration("1m30s") == 90'000'000'000);
  CHECK(*parse_go_duration("1.5s") == 1'500'000'000);
  CHECK(*parse_go_duration("0") == 0);
  CHECK(*parse_go_duration("-1s") == -1'000'000'000);
  CHECK(parse_go_duration("10").error().message == "time: invalid duration \"10\"");
  CHECK_FALSE(parse_go_duration("abc"));
}

TEST_CASE("health flags build Config.Healthcheck as the docker CLI") {
  nlohmann::json body;
  REQUIRE(add_health_flags(args({{"health-cmd", {"true"}}, {"health-interval", {"200ms"}}}), body));
  CHECK(body["Healthcheck"]["Test"] == nlohmann::json({"CMD-SHELL", "true"}));
  CHECK(body["Healthcheck"]["Interval"] == 200'000'000);
  nlohmann::json none;
  REQUIRE(add_health_flags(args({{"no-healthcheck", {""}}}), none));
  CHECK(none["Healthcheck"] == nlohmann::json({{"Test", {"NONE"}}}));
  nlohmann::json untouched = nlohmann::json::object();
  REQUIRE(add_health_flags(args({}), untouched));
  CHECK_FALSE(untouched.contains("Healthcheck"));
  nlohmann::json bad;
  CHECK(add_health_flags(args({{"no-healthcheck", {""}}, {"health-cmd", {"x"}}}), bad)
            .error()
            .message == "--no-healthcheck conflicts with --health-* options");
  CHECK(add_health_flags(args({{"health-timeout", {"-1s"}}}), bad).error().message ==
        "--health-timeout cannot be negative");
}
