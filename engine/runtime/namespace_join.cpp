#include "engine/runtime/namespace_join.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

namespace {

constexpr int NEW_NAMESPACES =
    CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET;

} // namespace

int namespace_flag(const std::string& type) {
  if (type == "pid")
    return CLONE_NEWPID;
  if (type == "ipc")
    return CLONE_NEWIPC;
  if (type == "uts")
    return CLONE_NEWUTS;
  if (type == "net")
    return CLONE_NEWNET;
  if (type == "cgroup") // --cgroupns host: the init then keeps it (no unshare)
    return CLONE_NEWCGROUP;
  return 0;
}

int clone_flags_without(const std::map<std::string, std::string>& joins) {
  int flags = NEW_NAMESPACES;
  for (const auto& [type, path] : joins)
    flags &= ~namespace_flag(type);
  return flags;
}

std::string join_namespaces(const std::map<std::string, std::string>& joins) {
  for (const auto& [type, path] : joins) {
    int flag = namespace_flag(type);
    if (flag == 0)
      return "join namespace " + type + ": not supported";
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return "open " + type + " namespace " + path + ": " + std::strerror(errno);
    int rc = ::setns(fd, flag);
    int err = errno;
    ::close(fd);
    if (rc != 0)
      return "join " + type + " namespace " + path + ": " + std::strerror(err);
  }
  return "";
}

} // namespace mydocker::runtime
