#include "common/human_format.hpp"

#include <cmath>
#include <cstdio>

namespace mydocker {

std::string human_duration(int64_t s) {
  auto plural = [](int64_t n, const char* unit) { return std::to_string(n) + " " + unit + "s"; };
  if (s < 1)
    return "Less than a second";
  if (s == 1)
    return "1 second";
  if (s < 60)
    return std::to_string(s) + " seconds";
  if (s / 60 == 1)
    return "About a minute";
  if (s / 60 < 60)
    return std::to_string(s / 60) + " minutes";
  int64_t hours = static_cast<int64_t>(std::llround(s / 3600.0));
  if (hours == 1)
    return "About an hour";
  if (hours < 48)
    return std::to_string(hours) + " hours";
  if (hours < 24 * 14)
    return plural(hours / 24, "day");
  if (hours < 24 * 60)
    return plural(hours / 24 / 7, "week");
  if (hours < 24 * 730)
    return plural(hours / 24 / 30, "month");
  return plural(hours / 24 / 365, "year");
}

std::string human_size(double size) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int i = 0;
  while (size >= 1000 && i < 6) {
    size /= 1000;
    ++i;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g%s", size, units[i]);
  return buf;
}

} // namespace mydocker
