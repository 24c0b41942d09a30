#include "engine/runtime/sysctls.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

namespace {

// Go's error text: strerror with a lower-case first letter.
std::string go_errno(int err) {
  std::string text = std::strerror(err);
  if (!text.empty())
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string write_one(int dir_fd, const std::string& path, const std::string& shown,
                      const std::string& value) {
  open_how how{};
  how.flags = O_WRONLY | O_CLOEXEC | O_TRUNC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  long fd = ::syscall(SYS_openat2, dir_fd, path.c_str(), &how, sizeof how);
  if (fd < 0)
    return "open " + shown + ": " + go_errno(errno);
  bool ok = ::write(static_cast<int>(fd), value.data(), value.size()) ==
            static_cast<ssize_t>(value.size());
  int err = errno;
  ::close(static_cast<int>(fd));
  return ok ? "" : "write " + shown + ": " + go_errno(err);
}

} // namespace

std::string sysctl_relative_path(const std::string& key) {
  std::string path = key;
  for (auto& c : path)
    if (c == '.')
      c = '/';
  return path;
}

std::string write_sysctls(const std::map<std::string, std::string>& sysctls,
                          const std::string& proc_sys) {
  if (sysctls.empty())
    return "";
  int dir_fd = ::open(proc_sys.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return "open " + proc_sys + ": " + go_errno(errno);
  std::string error;
  for (const auto& [key, value] : sysctls) {
    std::string path = sysctl_relative_path(key);
    error = write_one(dir_fd, path, proc_sys + "/" + path, value);
    if (!error.empty())
      break;
  }
  ::close(dir_fd);
  return error;
}

} // namespace mydocker::runtime
