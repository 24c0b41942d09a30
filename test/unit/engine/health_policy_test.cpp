#include <catch2/catch.hpp>

#include "engine/health/health_filter.hpp"
#include "engine/health/health_policy.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {
constexpr int64_t SECOND = 1'000'000'000;

api::HealthcheckResult result(int code) {
  return api::HealthcheckResult{"", "", code, "x"};
}
} // namespace

TEST_CASE("probe command: CMD runs its argv, CMD-SHELL through the shell, NONE none") {
  api::HealthConfig c;
  c.test = {"CMD", "curl", "-f", "x"};
  CHECK(*health::probe_command(c, {}) == std::vector<std::string>{"curl", "-f", "x"});
  c.test = {"CMD-SHELL", "exit 1"};
  CHECK(*health::probe_command(c, {}) == std::vector<std::string>{"/bin/sh", "-c", "exit 1"});
  CHECK(*health::probe_command(c, {"/bin/ash", "-e", "-c"}) ==
        std::vector<std::string>{"/bin/ash", "-e", "-c", "exit 1"});
  c.test = {"NONE"};
  CHECK_FALSE(health::probe_command(c, {}));
  c.test = {};
  CHECK_FALSE(health::probe_command(c, {}));
}

TEST_CASE("results: retries failures make unhealthy, one success heals, five kept") {
  api::Health h{health::STARTING, 0, {}};
  health::Timings t; // retries 3, no start period
  CHECK_FALSE(health::record_result(h, result(1), 10 * SECOND, 0, t));
  CHECK_FALSE(health::record_result(h, result(1), 11 * SECOND, 0, t));
  CHECK(health::record_result(h, result(1), 12 * SECOND, 0, t));
  CHECK(h.status == "unhealthy");
  CHECK(h.failing_streak == 3);
  for (int i = 0; i < 4; ++i)
    (void)health::record_result(h, result(2), 13 * SECOND, 0, t);
  CHECK(h.log.size() == 5);
  CHECK(health::record_result(h, result(0), 20 * SECOND, 0, t));
  CHECK(h.status == "healthy");
  CHECK(h.failing_streak == 0);
  CHECK(h.log.size() == 5);
  CHECK(h.log.back().exit_code == 0);
}

TEST_CASE("results: failures within the start period while starting do not count") {
  api::Health h{health::STARTING, 0, {}};
  health::Timings t;
  t.retries = 1;
  t.start_period = 5 * SECOND;
  CHECK_FALSE(health::record_result(h, result(1), 4 * SECOND, 0, t));
  CHECK(h.failing_streak == 0);
  CHECK(health::next_delay(h, t, 0, 4 * SECOND) == t.start_interval);
  CHECK(health::next_delay(h, t, 0, 6 * SECOND) == t.interval);
  CHECK(health::record_result(h, result(1), 5 * SECOND, 0, t));
  CHECK(h.status == "unhealthy");
}

TEST_CASE("durations print as Go's and validate as Docker's") {
  CHECK(health::go_duration(300'000'000) == "300ms");
  CHECK(health::go_duration(30 * SECOND) == "30s");
  CHECK(health::go_duration(90 * SECOND) == "1m30s");
  CHECK(health::go_duration(1'500'000'000) == "1.5s");
  CHECK(health::go_duration(1'500'000) == "1.5ms");
  api::HealthConfig c;
  c.interval = 999'999;
  CHECK(health::validate_healthcheck(c).error().message ==
        "Interval in Healthcheck cannot be less than 1ms");
  c.interval = 0;
  c.retries = -1;
  CHECK(health::validate_healthcheck(c).error().message ==
        "Retries in Healthcheck cannot be negative");
  c.retries = 0;
  c.start_interval = 5;
  CHECK_FALSE(health::validate_healthcheck(c));
  CHECK(health::validate_healthcheck(std::nullopt));
}

TEST_CASE("the request's healthcheck fills its zero fields from the image's") {
  api::HealthConfig image;
  image.test = {"CMD", "true"};
  image.interval = SECOND;
  image.retries = 2;
  api::HealthConfig requested;
  requested.timeout = 2 * SECOND;
  auto merged = *health::merge_healthcheck(requested, image);
  CHECK(merged.test == std::vector<std::string>{"CMD", "true"});
  CHECK((merged.interval == SECOND && merged.timeout == 2 * SECOND && merged.retries == 2));
  requested.test = {"NONE"};
  CHECK(health::merge_healthcheck(requested, image)->test == std::vector<std::string>{"NONE"});
  CHECK(health::merge_healthcheck(std::nullopt, image)->retries == 2);
  CHECK_FALSE(health::merge_healthcheck(std::nullopt, std::nullopt));
}

TEST_CASE("ps: health suffix and the health= filter") {
  std::string text = "Up 3 seconds";
  add_health_status(text, Status::Running, api::Health{"starting", 0, {}});
  CHECK(text == "Up 3 seconds (health: starting)");
  text = "Up 3 seconds (Paused)";
  add_health_status(text, Status::Paused, api::Health{"healthy", 0, {}});
  CHECK(text == "Up 3 seconds (Paused)");
  api::Filters f{{"health", {"none"}}};
  CHECK(health_matches(std::nullopt, f));
  CHECK_FALSE(health_matches(api::Health{"healthy", 0, {}}, f));
  f = {{"health", {"sick"}}};
  CHECK(validate_health_filter(f).error().message == "Unrecognised filter value for health: sick");
}
