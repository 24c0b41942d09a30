#include "api/server/body_spool.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>

namespace mydocker::api {

Result<std::pair<Fd, std::string>> open_spool_file(const std::string& dir) {
  std::string path = dir + "/body-XXXXXX";
  int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0)
    return sys_error("mkostemp " + path);
  return std::pair<Fd, std::string>{Fd(fd), path};
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

} // namespace mydocker::api
