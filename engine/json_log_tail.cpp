// Backward reading of a json-file log: `logs --tail N` costs N records, not the file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "engine/json_log_reader.hpp"

namespace mydocker::engine {

namespace {

constexpr off_t BLOCK = 64 * 1024;

bool read_at(int fd, std::string& block, off_t offset) {
  size_t done = 0;
  while (done < block.size()) {
    ssize_t n =
        ::pread(fd, block.data() + done, block.size() - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool same_file(int a, int b) {
  struct stat sa {
  }, sb{};
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_ino == sb.st_ino &&
         sa.st_dev == sb.st_dev;
}

off_t file_size(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? st.st_size : 0;
}

} // namespace

off_t complete_end(int fd, off_t size) {
  for (off_t pos = size; pos > 0;) {
    off_t len = std::min(BLOCK, pos);
    pos -= len;
    std::string block(static_cast<size_t>(len), '\0');
    if (!read_at(fd, block, pos))
      return 0;
    if (size_t nl = block.rfind('\n'); nl != std::string::npos)
      return pos + static_cast<off_t>(nl) + 1;
  }
  return 0;
}

std::vector<std::string> last_lines(int fd, off_t end, size_t want) {
  std::vector<std::string> lines;
  std::string head; // the start of a line whose beginning lies further back
  for (off_t pos = end; pos > 0 && lines.size() < want;) {
    off_t len = std::min(BLOCK, pos);
    pos -= len;
    std::string block(static_cast<size_t>(len), '\0');
    if (!read_at(fd, block, pos))
      break;
    block += head;
    size_t stop = block.size();
    while (lines.size() < want && stop > 0) {
      size_t nl = block.rfind('\n', stop - 1);
      if (nl == std::string::npos)
        break;
      if (nl + 1 < stop)
        lines.push_back(block.substr(nl + 1, stop - nl - 1));
      stop = nl;
    }
    head = block.substr(0, stop);
    if (pos == 0 && lines.size() < want && !head.empty())
      lines.push_back(head); // the file's first line
  }
  return lines;
}

LogCursor LogCursor::tail(std::string path, size_t n, std::vector<LogRecord>& records) {
  LogCursor cursor(std::move(path));
  cursor.m_current.fd = Fd(::open(cursor.m_path.c_str(), O_RDONLY | O_CLOEXEC));
  int current = cursor.m_current.fd.get();
  std::vector<std::string> newest_first;
  if (current >= 0) {
    off_t end = complete_end(current, file_size(current));
    newest_first = last_lines(current, end, n);
    ::lseek(current, end, SEEK_SET);
  }
  for (int i = 1; newest_first.size() < n; ++i) {
    LogFileReader older = open_rotated(cursor.m_path, i);
    if (!older)
      break;
    if (older.fd && current >= 0 && same_file(older.fd.get(), current))
      continue; // rotated while we opened them: already read as the current file
    size_t want = n - newest_first.size();
    auto more = older.gz
                    ? last_lines_gz(older, want)
                    : last_lines(older.fd.get(),
                                 complete_end(older.fd.get(), file_size(older.fd.get())), want);
    newest_first.insert(newest_first.end(), more.begin(), more.end());
  }
  records.clear();
  for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it)
    records.push_back(parse_log_line(*it));
  return cursor;
}

} // namespace mydocker::engine
