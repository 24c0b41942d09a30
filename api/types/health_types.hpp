// State.Health of container inspect (moby api/types/container/health.go).
#pragma once

#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct HealthcheckResult {
  static constexpr const char* go_name = "container.HealthcheckResult";
  std::string start; // RFC 3339 nano
  std::string end;
  int exit_code = 0;
  std::string output;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Start", s.start);
    v("End", s.end);
    v("ExitCode", s.exit_code);
    v("Output", s.output);
  }
};

struct Health {
  static constexpr const char* go_name = "container.Health";
  std::string status; // starting, healthy, unhealthy
  int failing_streak = 0;
  std::vector<HealthcheckResult> log; // the last five, oldest first
  template <class S, class V> static void fields(S& s, V& v) {
    v("Status", s.status);
    v("FailingStreak", s.failing_streak);
    v("Log", s.log, Empty::Value); // [] before the first result, as Docker
  }
};

} // namespace mydocker::api
