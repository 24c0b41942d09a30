#include "engine/shim/json_log.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"

namespace mydocker::shim {

namespace {
constexpr size_t MAX_LINE = 16 * 1024; // Docker splits longer lines into partial records
}

std::string json_log_record(std::string_view stream, std::string_view text, long long unix_nanos) {
  nlohmann::json record = {{"log", std::string(text)},
                           {"stream", std::string(stream)},
                           {"time", format_rfc3339_nano(unix_nanos)}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void JsonLog::write_record(std::string_view stream, std::string_view text) {
  std::string line = json_log_record(stream, text, now_unix_nanos());
  ssize_t ignored = ::write(m_fd, line.data(), line.size()); // O_APPEND: one record per write
  (void)ignored;
}

void JsonLog::feed(std::string_view stream, std::string& pending, std::string_view data) {
  pending.append(data);
  size_t start = 0;
  for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
    write_record(stream, std::string_view(pending).substr(start, nl - start + 1));
  pending.erase(0, start);
  if (pending.size() >= MAX_LINE) {
    write_record(stream, pending);
    pending.clear();
  }
}

void JsonLog::flush(std::string_view stream, std::string& pending) {
  if (!pending.empty())
    write_record(stream, pending);
  pending.clear();
}

} // namespace mydocker::shim
