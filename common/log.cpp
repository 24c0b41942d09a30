#include "common/log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

#include "common/time_format.hpp"

namespace mydocker::log {

namespace {
std::atomic<Level> g_level{Level::Info};

std::string_view level_name(Level l) {
  switch (l) {
  case Level::Debug: return "debug";
  case Level::Info: return "info";
  case Level::Warn: return "warning";
  case Level::Error: return "error";
  }
  return "info";
}
} // namespace

void set_level(Level level) {
  g_level = level;
}
Level level() {
  return g_level;
}

bool parse_level(std::string_view name, Level& out) {
  if (name == "debug" || name == "trace")
    out = Level::Debug;
  else if (name == "info")
    out = Level::Info;
  else if (name == "warn" || name == "warning")
    out = Level::Warn;
  else if (name == "error" || name == "fatal" || name == "panic")
    out = Level::Error;
  else
    return false;
  return true;
}

void write(Level level, std::string_view message) {
  if (level < g_level.load())
    return;
  // One write(2) per line so concurrent threads never interleave mid-line.
  std::string line = "time=\"" + format_rfc3339_nano(now_unix_nanos()) +
                     "\" level=" + std::string(level_name(level)) + " msg=\"" +
                     std::string(message) + "\"\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

} // namespace mydocker::log
