#include <catch2/catch.hpp>

#include "common/time_format.hpp"

using namespace mydocker;

TEST_CASE("rfc3339 formatting trims the fraction", "[time]") {
  CHECK(format_rfc3339_nano(0) == "0001-01-01T00:00:00Z");
  CHECK(format_rfc3339_nano(1'764'000'000'000'000'000) == "2025-11-24T16:00:00Z");
  CHECK(format_rfc3339_nano(1'764'000'000'123'450'000) == "2025-11-24T16:00:00.12345Z");
  CHECK(format_rfc3339_fixed9(1'764'000'000'000'000'001) == "2025-11-24T16:00:00.000000001Z");
}

TEST_CASE("rfc3339 parsing round-trips and honours offsets", "[time]") {
  CHECK(parse_rfc3339("2025-11-24T16:00:00.12345Z") == 1'764'000'000'123'450'000);
  CHECK(parse_rfc3339("2025-11-24T17:00:00+01:00") == 1'764'000'000'000'000'000);
  CHECK_FALSE(parse_rfc3339("2025-11-24 garbage"));
  CHECK_FALSE(parse_rfc3339(""));
}

TEST_CASE("timestamp arguments: unix seconds, durations, rfc3339", "[time]") {
  const int64_t now = 1'800'000'000'000'000'000;
  CHECK(parse_timestamp_arg("1700000000", now) == 1'700'000'000'000'000'000);
  CHECK(parse_timestamp_arg("1700000000.5", now) == 1'700'000'000'500'000'000);
  CHECK(parse_timestamp_arg("10m", now) == now - 600'000'000'000);
  CHECK(parse_timestamp_arg("1h30m", now) == now - 5'400'000'000'000);
  CHECK_FALSE(parse_timestamp_arg("yesterday", now));
}
