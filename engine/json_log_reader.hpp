// Reads the json-file log the shim writes (engine/shim/json_log): the rotated files
// (`path.N` ... `path.1`, oldest first) and then the current one, which it keeps following
// across rotations; or only the last N records, read backwards from the end.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/fd.hpp"

struct gzFile_s;

namespace mydocker::engine {

struct GzClose {
  void operator()(gzFile_s* file) const;
};

// One file of a log being read: plain, or a rotated one gzipped by compress=true.
struct LogFileReader {
  Fd fd;
  std::unique_ptr<gzFile_s, GzClose> gz;
  explicit operator bool() const { return fd.valid() || gz != nullptr; }
  ssize_t read(char* buf, size_t size); // 0 at the end, -1 on an error
};

// `path.index`, else `path.index.gz` (a plain one exists while the shim compresses it).
LogFileReader open_rotated(const std::string& path, int index);
// The last `want` lines of a gzipped file, newest first (it is read through once).
std::vector<std::string> last_lines_gz(LogFileReader& file, size_t want);

struct LogRecord {
  int stream = 1; // 1 stdout, 2 stderr (the multiplexed stream ids)
  std::string text;
  int64_t time = 0; // unix nanos
};

LogRecord parse_log_line(const std::string& line);

// Whether `docker logs` can read a container logging with `driver` (not `none`).
bool log_driver_supports_reading(const std::string& driver);

// The last `want` complete lines (without '\n') of fd's bytes [0, end), newest first,
// reading backwards in blocks: the cost depends on `want`, not on the file's size.
std::vector<std::string> last_lines(int fd, off_t end, size_t want);
// The offset just past the last '\n' before `size` (0 if none): a partial last record
// (being written) is not a record yet.
off_t complete_end(int fd, off_t size);

class LogCursor {
public:
  enum class Start { Oldest, End };
  // Oldest: every rotated file, then the current one from its start (logs, attach logs=1).
  // End: only what the current file gets from now on (attach).
  LogCursor(std::string path, Start start);
  // The last `n` records of the whole log (across rotated files) into `records`, oldest
  // first; the cursor is left just past them.
  static LogCursor tail(std::string path, size_t n, std::vector<LogRecord>& records);

  // Complete records beyond the cursor, about `max_bytes` of log at most; empty when there
  // is nothing new. A rotated current file is finished, then the new one is opened.
  std::vector<LogRecord> read(size_t max_bytes = 1 << 20);

private:
  explicit LogCursor(std::string path) : m_path(std::move(path)) {}
  bool reopen_if_rotated();
  std::vector<LogFileReader> rotated_after(const struct stat& ours, int next_fd);
  size_t read_chunk(LogFileReader& file, std::vector<LogRecord>& out);
  std::string m_path;
  std::deque<LogFileReader> m_older; // rotated files still to read, oldest first
  LogFileReader m_current;           // plain: the file the shim writes
  std::string m_carry;               // a partial line at the end of what was read
};

} // namespace mydocker::engine
