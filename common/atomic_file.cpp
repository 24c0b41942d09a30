#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "common/fd.hpp"

namespace mydocker {

namespace {

Result<void> write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return sys_error("write");
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

} // namespace

Result<void> fsync_dir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd)
    return sys_error("open " + dir);
  if (::fsync(fd.get()) != 0)
    return sys_error("fsync " + dir);
  return {};
}

namespace {

Result<void> replace_file(const std::string& path, std::string_view data, unsigned mode,
                          bool durable) {
  std::filesystem::path target(path);
  std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  // Per thread, not per process: two threads may replace the same file at once.
  std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(::gettid());
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (!fd)
    return sys_error("open " + tmp);
  auto written = write_all(fd.get(), data);
  if (written && durable && ::fsync(fd.get()) != 0)
    written = sys_error("fsync " + tmp);
  fd.reset();
  if (!written) {
    ::unlink(tmp.c_str());
    return written;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto err = sys_error("rename " + tmp);
    ::unlink(tmp.c_str());
    return err;
  }
  return durable ? fsync_dir(dir) : Result<void>{};
}

} // namespace

Result<void> write_file_atomic(const std::string& path, std::string_view data, unsigned mode) {
  return replace_file(path, data, mode, true);
}

Result<void> write_file_replace(const std::string& path, std::string_view data, unsigned mode) {
  return replace_file(path, data, mode, false);
}

Result<std::string> read_file(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd)
    return sys_error("open " + path);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return sys_error("read " + path);
    }
    if (n == 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<void> make_dirs(const std::string& path, unsigned mode) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    return sys_error("mkdir " + path, ec.value());
  (void)mode; // create_directories uses the umask; callers chmod when it matters
  return {};
}

} // namespace mydocker
