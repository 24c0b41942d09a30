#include "engine/container/status_text.hpp"

#include "common/human_format.hpp"

#include <cmath>

namespace mydocker::engine {

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
