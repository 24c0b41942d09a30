#include "engine/json_log_reader.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"

namespace mydocker::engine {

LogRecord parse_log_line(const std::string& line) {
  LogRecord r;
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object())
    return r;
  r.stream = j.value("stream", "stdout") == "stderr" ? 2 : 1;
  r.text = j.value("log", "");
  r.time = parse_rfc3339(j.value("time", "")).value_or(0);
  return r;
}

std::vector<LogRecord> read_new_records(int fd, std::string& carry) {
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    carry.append(buf, static_cast<size_t>(n));
  std::vector<LogRecord> out;
  size_t start = 0;
  for (size_t nl; (nl = carry.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(parse_log_line(carry.substr(start, nl - start)));
  carry.erase(0, start);
  return out;
}

} // namespace mydocker::engine
