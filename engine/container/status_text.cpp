#include "engine/container/status_text.hpp"

#include <cmath>

namespace mydocker::engine {

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

std::string status_text(const ContainerState& s, int64_t now) {
  auto since = [now](int64_t t) { return human_duration((now - t) / 1'000'000'000); };
  switch (s.status) {
  case Status::Running: return "Up " + since(s.started_at);
  case Status::Paused: return "Up " + since(s.started_at) + " (Paused)";
  case Status::Restarting:
    return "Restarting (" + std::to_string(s.exit_code) + ") " + since(s.finished_at) + " ago";
  case Status::Removing: return "Removal In Progress";
  case Status::Dead: return "Dead";
  case Status::Created: return "Created";
  case Status::Exited:
    return "Exited (" + std::to_string(s.exit_code) + ") " + since(s.finished_at) + " ago";
  }
  return "";
}

std::string command_text(const std::string& path, const std::vector<std::string>& args) {
  std::string out = path;
  for (const auto& a : args)
    out += " " + (a.find(' ') != std::string::npos ? "'" + a + "'" : a);
  return out;
}

} // namespace mydocker::engine
