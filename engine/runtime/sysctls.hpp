// --sysctl values, written by the container's init into its own namespaces through /proc/sys
// before pivot_root (after it /proc/sys is read-only). The engine has checked that each key
// belongs to a namespace of the container's own (engine/container/sysctls.hpp).
#pragma once

#include <map>
#include <string>

namespace mydocker::runtime {

// "net.ipv4.ip_forward" -> "net/ipv4/ip_forward" (relative to /proc/sys).
std::string sysctl_relative_path(const std::string& key);

// "" or the error in runc's words ("open /proc/sys/x: no such file or directory"). Each path
// is opened beneath /proc/sys without following symlinks: no key reaches another file.
std::string write_sysctls(const std::map<std::string, std::string>& sysctls,
                          const std::string& proc_sys = "/proc/sys");

} // namespace mydocker::runtime
