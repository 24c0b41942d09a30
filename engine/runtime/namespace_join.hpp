// The namespaces a container shares with the host or another container (Spec::join_namespaces):
// the shim joins them before it clones, and clones new ones only for the rest.
#pragma once

#include <map>
#include <string>

namespace mydocker::runtime {

// CLONE_NEW* flags of the namespaces a container gets new: pid, mount, uts, ipc and net, minus
// those it joins. No cgroup namespace: the init unshares it once it is in its cgroups.
int clone_flags_without(const std::map<std::string, std::string>& joins);

// The CLONE_NEW* flag of a namespace type ("pid", "ipc", "uts", "net", "cgroup"); 0 for any
// other.
int namespace_flag(const std::string& type);

// setns(2) into each (a pid namespace holds for the children cloned afterwards). Single-threaded
// callers only. "" or the error, naming the namespace and its path.
std::string join_namespaces(const std::map<std::string, std::string>& joins);

} // namespace mydocker::runtime
