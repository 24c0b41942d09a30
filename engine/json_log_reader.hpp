// Reads the json-file log the shim writes: complete records from an fd position on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::engine {

struct LogRecord {
  int stream = 1; // 1 stdout, 2 stderr (the multiplexed stream ids)
  std::string text;
  int64_t time = 0; // unix nanos
};

// Reads what the fd has beyond its offset; a trailing partial line is kept in `carry`.
std::vector<LogRecord> read_new_records(int fd, std::string& carry);
LogRecord parse_log_line(const std::string& line);

} // namespace mydocker::engine
