#include "network/sysctl.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "network/bridge.hpp"

namespace mydocker::network {
namespace {

// /proc/sys files cannot be replaced by rename: write in place, and only if different.
Result<void> set_to_one(const std::string& path) {
  auto current = read_file(path);
  if (current && (*current == "1\n" || *current == "1"))
    return {};
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_TRUNC));
  if (!fd)
    return sys_error("open " + path);
  if (::write(fd.get(), "1\n", 2) != 2)
    return sys_error("write " + path);
  return {};
}

} // namespace

Result<void> enable_ip_forwarding(const std::string& proc_sys) {
  return set_to_one(proc_sys + "/net/ipv4/ip_forward");
}

Result<void> enable_route_localnet(const std::string& bridge, const std::string& proc_sys) {
  TRY_VOID(validate_link_name(bridge));
  return set_to_one(proc_sys + "/net/ipv4/conf/" + bridge + "/route_localnet");
}

} // namespace mydocker::network
