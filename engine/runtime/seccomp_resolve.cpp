// Docker's conditional seccomp rules decided for one container and host (moby's
// setupSeccomp): the archMap entry of the native architecture, then each rule kept or
// dropped by its includes/excludes on capabilities, architecture and kernel version.
#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>

#include "engine/runtime/seccomp_profile.hpp"

namespace mydocker::runtime {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool kernel_at_least(const KernelVersion& have, const KernelVersion& want) {
  return have.kernel > want.kernel || (have.kernel == want.kernel && have.major >= want.major);
}

bool excluded(const SeccompCondition& c, const SeccompTarget& t) {
  if (contains(c.arches, t.go_arch))
    return true;
  for (const auto& cap : c.caps)
    if (contains(t.capabilities, cap))
      return true;
  return c.min_kernel && kernel_at_least(t.kernel, *c.min_kernel);
}

bool included(const SeccompCondition& c, const SeccompTarget& t) {
  if (!c.arches.empty() && !contains(c.arches, t.go_arch))
    return false;
  for (const auto& cap : c.caps)
    if (!contains(t.capabilities, cap))
      return false;
  return !c.min_kernel || kernel_at_least(t.kernel, *c.min_kernel);
}

} // namespace

Result<ResolvedSeccomp> resolve_seccomp(const SeccompProfile& profile,
                                        const SeccompTarget& target) {
  if (!profile.architectures.empty() && !profile.arch_map.empty())
    return invalid_argument("both 'architectures' and 'archMap' are specified in the seccomp "
                            "profile, use either 'architectures' or 'archMap'");
  ResolvedSeccomp out;
  out.default_action = profile.default_action;
  out.default_errno_ret = profile.default_errno_ret;
  out.architectures = profile.architectures;
  for (const auto& m : profile.arch_map)
    if (m.architecture == target.native_arch) {
      out.architectures.push_back(m.architecture);
      out.architectures.insert(out.architectures.end(), m.sub_architectures.begin(),
                               m.sub_architectures.end());
      break;
    }
  for (const auto& rule : profile.syscalls)
    if (!excluded(rule.excludes, target) && included(rule.includes, target))
      out.syscalls.push_back(rule);
  return out;
}

SeccompTarget host_seccomp_target(std::vector<std::string> capabilities) {
  SeccompTarget t;
#if defined(__x86_64__)
  t.go_arch = "amd64";
  t.native_arch = "SCMP_ARCH_X86_64";
#elif defined(__aarch64__)
  t.go_arch = "arm64";
  t.native_arch = "SCMP_ARCH_AARCH64";
#elif defined(__i386__)
  t.go_arch = "x86";
  t.native_arch = "SCMP_ARCH_X86";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  t.go_arch = "ppc64le";
  t.native_arch = "SCMP_ARCH_PPC64LE";
#elif defined(__s390x__)
  t.go_arch = "s390x";
  t.native_arch = "SCMP_ARCH_S390X";
#elif defined(__riscv) && __riscv_xlen == 64
  t.go_arch = "riscv64";
  t.native_arch = "SCMP_ARCH_RISCV64";
#endif
  utsname u{};
  if (::uname(&u) == 0)
    std::sscanf(u.release, "%u.%u", &t.kernel.kernel, &t.kernel.major);
  t.capabilities = std::move(capabilities);
  return t;
}

} // namespace mydocker::runtime
