#include "engine/json_log_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"

namespace mydocker::engine {

namespace {

constexpr size_t CHUNK = 64 * 1024;

bool same_inode(const struct stat& a, const struct stat& b) {
  return a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

} // namespace

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

bool log_driver_supports_reading(const std::string& driver) {
  return driver != "none";
}

LogCursor::LogCursor(std::string path, Start start) : m_path(std::move(path)) {
  m_current.fd = Fd(::open(m_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (start == Start::End) {
    if (m_current)
      ::lseek(m_current.fd.get(), 0, SEEK_END);
    return;
  }
  struct stat current {};
  bool have_current = m_current && ::fstat(m_current.fd.get(), &current) == 0;
  // Newest rotated file first; one that was the current file a moment ago is skipped.
  for (int i = 1;; ++i) {
    LogFileReader older = open_rotated(m_path, i);
    struct stat st {};
    if (!older)
      break;
    bool was_current =
        older.fd && have_current && ::fstat(older.fd.get(), &st) == 0 && same_inode(st, current);
    if (!was_current)
      m_older.push_front(std::move(older));
  }
}

// Reads one chunk of `file` into complete records; 0 at its end.
size_t LogCursor::read_chunk(LogFileReader& file, std::vector<LogRecord>& out) {
  char buf[CHUNK];
  ssize_t n = file.read(buf, sizeof buf);
  if (n <= 0)
    return 0;
  m_carry.append(buf, static_cast<size_t>(n));
  size_t start = 0;
  for (size_t nl; (nl = m_carry.find('\n', start)) != std::string::npos; start = nl + 1)
    if (nl > start)
      out.push_back(parse_log_line(m_carry.substr(start, nl - start)));
  m_carry.erase(0, start);
  return static_cast<size_t>(n);
}

// Plain files rotated after ours (several rotations between two reads), oldest first: ours
// is path.k, newer ones are path.k-1..1. None when ours was unlinked (max-file 1) or
// compressed (path.N.gz holds a copy of what we read).
std::vector<LogFileReader> LogCursor::rotated_after(const struct stat& ours, int next_fd) {
  std::vector<LogFileReader> newer;
  for (int i = 1;; ++i) {
    LogFileReader f;
    f.fd = Fd(::open((m_path + "." + std::to_string(i)).c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {
    }, now_current{};
    if (!f.fd || ::fstat(f.fd.get(), &st) != 0)
      return {};
    if (same_inode(st, ours))
      break;
    if (::fstat(next_fd, &now_current) != 0 || !same_inode(st, now_current))
      newer.insert(newer.begin(), std::move(f)); // not the file we are about to follow
  }
  return newer;
}

// The shim renamed or unlinked the file we follow and started a new one at the same path.
bool LogCursor::reopen_if_rotated() {
  struct stat ours {
  }, named{};
  if (m_current && (::fstat(m_current.fd.get(), &ours) != 0 ||
                    ::stat(m_path.c_str(), &named) != 0 || same_inode(ours, named)))
    return false;
  LogFileReader next;
  next.fd = Fd(::open(m_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!next)
    return false;
  if (m_current) {
    auto newer = rotated_after(ours, next.fd.get());
    m_older.push_back(std::move(m_current)); // finish what was written to it before the switch
    for (auto& f : newer)
      m_older.push_back(std::move(f));
  }
  m_current = std::move(next);
  return true;
}

std::vector<LogRecord> LogCursor::read(size_t max_bytes) {
  std::vector<LogRecord> out;
  size_t total = 0;
  while (total < max_bytes) {
    if (!m_older.empty()) {
      size_t n = read_chunk(m_older.front(), out);
      total += n;
      if (n == 0) {
        m_older.pop_front();
        m_carry.clear(); // a rotated file ends with a whole record
      }
      continue;
    }
    size_t n = m_current ? read_chunk(m_current, out) : 0;
    total += n;
    if (n == 0 && !reopen_if_rotated())
      break;
  }
  return out;
}

} // namespace mydocker::engine
