// libseccomp compiles a resolved profile to the classic BPF program the kernel runs; the
// daemon does it while building the runtime spec, so a bad profile is an API error and the
// container's init only installs bytes (seccomp_load.hpp).
#pragma once

#include <string>

#include "common/result.hpp"
#include "engine/runtime/seccomp_profile.hpp"

namespace mydocker::runtime {

// The program as raw bytes (struct sock_filter[]). Unknown syscall names are skipped as
// runc does; unknown actions, operators or architectures are InvalidArgument.
Result<std::string> compile_seccomp_bpf(const ResolvedSeccomp& profile);

} // namespace mydocker::runtime
