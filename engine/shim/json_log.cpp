#include "engine/shim/json_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <zlib.h>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"

namespace mydocker::shim {

namespace {

constexpr size_t MAX_LINE = 16 * 1024; // Docker splits longer lines into partial records

// `from` -> `to` (gzip, fastest level as Docker's), published by a rename so a reader never
// sees half a file; `from` is removed once `to` is complete. Synchronous: the shim has one
// thread, and a rotated file is at most max-size bytes.
void gzip_file(const std::string& from, const std::string& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  std::string tmp = to + ".tmp";
  gzFile out = in >= 0 ? ::gzopen(tmp.c_str(), "wb1e") : nullptr;
  bool ok = out != nullptr;
  char buf[65536];
  for (ssize_t n; ok && (n = ::read(in, buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0 && ::gzwrite(out, buf, static_cast<unsigned>(n)) == n;
  }
  ok = out && ::gzclose(out) == Z_OK && ok;
  if (in >= 0)
    ::close(in);
  if (ok && ::rename(tmp.c_str(), to.c_str()) == 0)
    ::unlink(from.c_str());
  else
    ::unlink(tmp.c_str()); // keep the plain file: readers take path.N as well
}

} // namespace

std::string json_log_record(std::string_view stream, std::string_view text, long long unix_nanos,
                            const LogAttrs& attrs) {
  nlohmann::ordered_json record = {{"log", std::string(text)}, {"stream", std::string(stream)}};
  if (!attrs.empty())
    record["attrs"] = attrs;
  record["time"] = format_rfc3339_nano(unix_nanos);
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

JsonLog::JsonLog(std::string path, Rotation rotation, LogAttrs attrs)
    : m_path(std::move(path)), m_rotation(rotation), m_attrs(std::move(attrs)) {
  open_current(0);
}

JsonLog::~JsonLog() {
  if (m_fd >= 0)
    ::close(m_fd);
}

void JsonLog::open_current(int extra_flags) {
  m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | extra_flags, 0640);
  struct stat st {};
  m_size = m_fd >= 0 && ::fstat(m_fd, &st) == 0 ? st.st_size : 0; // a restart appends
}

// moby loggerutils rotate(): drop the oldest, shift path.N-1 -> path.N, path -> path.1; with a
// single file the current one is unlinked (a reader holding it open keeps what it has).
void JsonLog::rotate() {
  if (m_fd >= 0)
    ::close(m_fd);
  int keep = m_rotation.max_file;
  std::string ext = m_rotation.compress ? ".gz" : "";
  if (keep < 2) {
    ::unlink(m_path.c_str());
  } else {
    ::unlink((m_path + "." + std::to_string(keep - 1) + ext).c_str());
    for (int i = keep - 1; i > 1; --i)
      ::rename((m_path + "." + std::to_string(i - 1) + ext).c_str(),
               (m_path + "." + std::to_string(i) + ext).c_str());
    ::rename(m_path.c_str(), (m_path + ".1").c_str());
    if (m_rotation.compress)
      gzip_file(m_path + ".1", m_path + ".1.gz");
  }
  open_current(O_TRUNC); // also when a rename failed: the bound holds either way
}

void JsonLog::write_line(std::string_view line) {
  int64_t n = static_cast<int64_t>(line.size());
  // Rotate before the record that would cross max-size, so no file ever exceeds it
  // (a single record larger than max-size gets a file of its own).
  if (m_rotation.max_size > 0 && m_size > 0 && m_size + n > m_rotation.max_size)
    rotate();
  if (m_fd < 0)
    return;
  ssize_t written = ::write(m_fd, line.data(), line.size()); // O_APPEND: one record per write
  if (written > 0)
    m_size += written;
}

void JsonLog::write_record(std::string_view stream, std::string_view text) {
  write_line(json_log_record(stream, text, now_unix_nanos(), m_attrs));
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
