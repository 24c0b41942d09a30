// What libseccomp 2.5 cannot express, added in front of its program for the native x86_64
// ABI: rules for syscalls newer than libseccomp's tables (by number), and, as runc does,
// ENOSYS instead of the default action for syscalls newer than any the profile names, so
// that programs fall back to older calls instead of failing with EPERM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mydocker::runtime {

struct NumberedRule {
  uint32_t nr = 0;
  uint32_t action = 0; // SECCOMP_RET_* value, as libseccomp's SCMP_ACT_*
};

// The x86_64 number of a syscall libseccomp may not know yet (statmount, mseal, ...).
std::optional<uint32_t> x86_64_syscall_number(const std::string& name);

// BPF instructions (struct sock_filter[] as bytes) to put before libseccomp's program; empty
// when there is nothing to add or the host is not x86_64. `enosys_above`: the highest
// syscall number the profile names, when the default action denies.
std::string native_prefix(const std::vector<NumberedRule>& rules,
                          std::optional<uint32_t> enosys_above);

} // namespace mydocker::runtime
