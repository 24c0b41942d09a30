// Docker's json-file log: one {"log":"...\n","stream":"stdout","time":"<RFC3339Nano>"} per line,
// rotated as moby's loggerutils.LogFile: `path` -> `path.1` -> ... keeping `max_file` files.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace mydocker::shim {

struct Rotation {
  int64_t max_size = -1; // bytes per file, -1 = never rotate
  int max_file = 1;      // files in total; 1 = the file starts again empty
  bool compress = false; // rotated files become path.N.gz
};

using LogAttrs = std::map<std::string, std::string>;

class JsonLog {
public:
  // Opens (appends to) `path`; -1 fd when it cannot, and then records are dropped.
  JsonLog(std::string path, Rotation rotation, LogAttrs attrs = {});
  ~JsonLog();
  JsonLog(const JsonLog&) = delete;
  JsonLog& operator=(const JsonLog&) = delete;
  // Feeds raw bytes of one stream; complete lines are written, the rest is kept.
  void feed(std::string_view stream, std::string& pending, std::string_view data);
  // Writes what is left of a stream at EOF (without a newline, as Docker does).
  void flush(std::string_view stream, std::string& pending);
  // One whole record (a line ending in '\n'), rotating first when it would not fit.
  void write_line(std::string_view line);

private:
  void write_record(std::string_view stream, std::string_view text);
  void rotate();
  void open_current(int extra_flags);
  std::string m_path;
  Rotation m_rotation;
  LogAttrs m_attrs;
  int m_fd = -1;
  int64_t m_size = 0;
};

// Docker's key order: log, stream, attrs (only when there are some), time.
std::string json_log_record(std::string_view stream, std::string_view text, long long unix_nanos,
                            const LogAttrs& attrs = {});

} // namespace mydocker::shim
