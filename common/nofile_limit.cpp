#include "common/nofile_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>

#include "common/atomic_file.hpp"

namespace mydocker {

namespace {

constexpr const char* ORIGINAL_ENV = "MYDOCKER_NOFILE_SOFT";

rlim_t nr_open() {
  auto text = read_file("/proc/sys/fs/nr_open");
  unsigned long long value = text ? std::strtoull(text->c_str(), nullptr, 10) : 0;
  return value > 0 ? static_cast<rlim_t>(value) : rlim_t{1} << 20;
}

} // namespace

Result<unsigned long> raise_nofile_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return sys_error("getrlimit NOFILE");
  rlim_t target = limit.rlim_max == RLIM_INFINITY ? nr_open() : limit.rlim_max;
  if (limit.rlim_cur >= target)
    return static_cast<unsigned long>(limit.rlim_cur);
  // Before any thread starts: setenv is not thread-safe.
  ::setenv(ORIGINAL_ENV, std::to_string(limit.rlim_cur).c_str(), 1);
  rlimit raised{target, limit.rlim_max};
  if (::setrlimit(RLIMIT_NOFILE, &raised) != 0)
    return sys_error("setrlimit NOFILE " + std::to_string(target));
  return static_cast<unsigned long>(target);
}

void restore_nofile_limit() {
  const char* original = ::getenv(ORIGINAL_ENV);
  if (!original)
    return;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = std::min<rlim_t>(std::strtoull(original, nullptr, 10), limit.rlim_max);
    (void)::setrlimit(RLIMIT_NOFILE, &limit);
  }
  ::unsetenv(ORIGINAL_ENV);
}

} // namespace mydocker
