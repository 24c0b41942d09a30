// Leveled logging to stderr, one line per message, safe from any thread.
#pragma once

#include <string_view>

namespace mydocker::log {

enum class Level { Debug, Info, Warn, Error };

void set_level(Level level);
Level level();
// Parses dockerd's --log-level names (debug, info, warn, error, fatal).
bool parse_level(std::string_view name, Level& out);
void write(Level level, std::string_view message);

inline void debug(std::string_view m) {
  write(Level::Debug, m);
}
inline void info(std::string_view m) {
  write(Level::Info, m);
}
inline void warn(std::string_view m) {
  write(Level::Warn, m);
}
inline void error(std::string_view m) {
  write(Level::Error, m);
}

} // namespace mydocker::log
