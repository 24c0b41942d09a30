// seccomp for a container, Docker's way: the builtin profile unless
// --security-opt seccomp=unconfined|<profile JSON>, none for --privileged without an
// explicit profile. The daemon compiles the filter into the runtime spec; the container's
// init installs it just before execve.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::runtime {

// The compiled filter as hex (Spec::seccomp_bpf), empty = no filter. `capabilities` are the
// container's ("CAP_SYS_ADMIN", ...); a privileged container holds them all. A malformed
// profile is InvalidArgument.
Result<std::string> seccomp_for_container(const std::vector<std::string>& security_opts,
                                          bool privileged,
                                          const std::vector<std::string>& capabilities);

// In the container's init: installs the filter (hex) with prctl(PR_SET_SECCOMP). Needs
// no_new_privs or CAP_SYS_ADMIN. Returns an error text, empty on success or no filter.
std::string install_seccomp_filter(const std::string& bpf_hex);

} // namespace mydocker::runtime
