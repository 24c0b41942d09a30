#include "engine/runtime/device_nodes.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

namespace {

std::string failed(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// mkdir -p of the parents of `path` (0755, as runc makes them).
std::string make_parents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    std::string dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
      return failed("mkdir", dir);
  }
  return "";
}

std::string make_node(const DeviceNode& n) {
  if (n.path.empty() || n.path[0] != '/')
    return "device path " + n.path + " is not absolute";
  if (auto e = make_parents(n.path); !e.empty())
    return e;
  mode_t type = n.type == "b" ? S_IFBLK : S_IFCHR;
  dev_t dev = makedev(static_cast<unsigned>(n.major), static_cast<unsigned>(n.minor));
  if (::mknod(n.path.c_str(), type | (n.file_mode & 07777), dev) != 0) {
    if (errno == EEXIST)
      return "";
    return failed("mknod", n.path);
  }
  if (::lchown(n.path.c_str(), n.uid, n.gid) != 0)
    return failed("chown", n.path);
  // mknod's mode went through the umask; the host's bits exactly.
  if (::chmod(n.path.c_str(), n.file_mode & 07777) != 0)
    return failed("chmod", n.path);
  return "";
}

} // namespace

std::string make_device_nodes(const std::vector<DeviceNode>& nodes) {
  for (const auto& n : nodes)
    if (auto e = make_node(n); !e.empty())
      return e;
  return "";
}

} // namespace mydocker::runtime
