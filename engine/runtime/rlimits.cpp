#include "engine/runtime/rlimits.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

int rlimit_resource(const std::string& name) {
  static const std::pair<const char*, int> table[] = {
      {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},
      {"data", RLIMIT_DATA},         {"fsize", RLIMIT_FSIZE},
      {"locks", RLIMIT_LOCKS},       {"memlock", RLIMIT_MEMLOCK},
      {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
      {"nofile", RLIMIT_NOFILE},     {"nproc", RLIMIT_NPROC},
      {"rss", RLIMIT_RSS},           {"rtprio", RLIMIT_RTPRIO},
      {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING},
      {"stack", RLIMIT_STACK},       {"as", RLIMIT_AS}};
  for (const auto& [n, r] : table)
    if (name == n)
      return r;
  return -1;
}

std::string apply_rlimits(const std::vector<Rlimit>& limits) {
  for (const auto& l : limits) {
    int resource = rlimit_resource(l.type);
    if (resource < 0)
      return "invalid ulimit type: " + l.type;
    rlimit value{l.soft, l.hard};
    if (::setrlimit(static_cast<__rlimit_resource>(resource), &value) != 0)
      return "setrlimit " + l.type + ": " + std::strerror(errno);
  }
  return "";
}

} // namespace mydocker::runtime
