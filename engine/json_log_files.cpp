// The files of a json-file log: plain or gzipped rotated ones (compress=true).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <deque>

#include <zlib.h>

#include "engine/json_log_reader.hpp"

namespace mydocker::engine {

void GzClose::operator()(gzFile_s* file) const {
  ::gzclose(file);
}

ssize_t LogFileReader::read(char* buf, size_t size) {
  if (gz)
    return ::gzread(gz.get(), buf, static_cast<unsigned>(size));
  for (;;) {
    ssize_t n = fd ? ::read(fd.get(), buf, size) : 0;
    if (n >= 0 || errno != EINTR)
      return n;
  }
}

LogFileReader open_rotated(const std::string& path, int index) {
  std::string name = path + "." + std::to_string(index);
  LogFileReader file;
  file.fd = Fd(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.fd)
    file.gz.reset(::gzopen((name + ".gz").c_str(), "rbe"));
  return file;
}

std::vector<std::string> last_lines_gz(LogFileReader& file, size_t want) {
  std::deque<std::string> lines;
  std::string carry;
  char buf[65536];
  for (ssize_t n; (n = file.read(buf, sizeof buf)) > 0;) {
    carry.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = carry.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (nl > start)
        lines.push_back(carry.substr(start, nl - start));
      if (lines.size() > want)
        lines.pop_front();
    }
    carry.erase(0, start);
  }
  return {lines.rbegin(), lines.rend()};
}

} // namespace mydocker::engine
