// Docker's json-file log: one {"log":"...\n","stream":"stdout","time":"<RFC3339Nano>"} per line.
#pragma once

#include <string>
#include <string_view>

namespace mydocker::shim {

class JsonLog {
public:
  explicit JsonLog(int fd) : m_fd(fd) {}
  // Feeds raw bytes of one stream; complete lines are written, the rest is kept.
  void feed(std::string_view stream, std::string& pending, std::string_view data);
  // Writes what is left of a stream at EOF (without a newline, as Docker does).
  void flush(std::string_view stream, std::string& pending);

private:
  void write_record(std::string_view stream, std::string_view text);
  int m_fd;
};

std::string json_log_record(std::string_view stream, std::string_view text, long long unix_nanos);

} // namespace mydocker::shim
