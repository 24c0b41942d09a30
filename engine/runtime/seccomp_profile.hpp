// A seccomp profile in Docker's JSON format (defaultAction, archMap, syscalls with
// includes/excludes), parsed into plain data, and its resolution for one container:
// the conditional groups (capabilities, architecture, kernel version) decided, leaving the
// rules a filter is compiled from (seccomp_compile.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace mydocker::runtime {

struct SeccompArg {
  unsigned index = 0;
  uint64_t value = 0;
  uint64_t value_two = 0;
  std::string op; // "SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ", ...
};

struct KernelVersion {
  unsigned kernel = 0; // the 6 of 6.1.0-13-amd64
  unsigned major = 0;  // the 1
};

// Includes/excludes: caps must all be held (includes) or none of them (excludes); arches
// are Go names ("amd64", "x86", "arm64"); min_kernel compares "kernel.major".
struct SeccompCondition {
  std::vector<std::string> caps;
  std::vector<std::string> arches;
  std::optional<KernelVersion> min_kernel;
};

struct SeccompRule {
  std::vector<std::string> names;
  std::string action; // "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", ...
  std::optional<unsigned> errno_ret;
  std::vector<SeccompArg> args;
  SeccompCondition includes;
  SeccompCondition excludes;
};

struct SeccompArchMap {
  std::string architecture; // "SCMP_ARCH_X86_64"
  std::vector<std::string> sub_architectures;
};

struct SeccompProfile {
  std::string default_action;
  std::optional<unsigned> default_errno_ret;
  std::vector<std::string> architectures; // the plain list, or
  std::vector<SeccompArchMap> arch_map;   // per native arch (Docker's default profile)
  std::vector<SeccompRule> syscalls;
};

// Docker's JSON profile format; a malformed one is InvalidArgument with Docker's wording.
Result<SeccompProfile> parse_seccomp_profile(std::string_view json_text);

// The builtin profile: Docker's default (seccomp_default.cpp).
const SeccompProfile& default_seccomp_profile();

// What a profile is resolved against.
struct SeccompTarget {
  std::string go_arch;                   // "amd64" on x86_64
  std::string native_arch;               // "SCMP_ARCH_X86_64"
  KernelVersion kernel;                  // the running kernel
  std::vector<std::string> capabilities; // the container's bounding set, "CAP_SYS_ADMIN"...
};

struct ResolvedSeccomp {
  std::string default_action;
  std::optional<unsigned> default_errno_ret;
  std::vector<std::string> architectures; // SCMP_ARCH_* names, empty = native only
  std::vector<SeccompRule> syscalls;      // includes/excludes already applied
};

// Docker's conditional rules applied to one container (moby's setupSeccomp).
Result<ResolvedSeccomp> resolve_seccomp(const SeccompProfile& profile, const SeccompTarget& target);

// This host: the compiled-in architecture and uname's kernel version.
SeccompTarget host_seccomp_target(std::vector<std::string> capabilities);

} // namespace mydocker::runtime
