// Hand-written classic BPF in front of libseccomp's program (seccomp_native_prefix.hpp).
#include "engine/runtime/seccomp_native_prefix.hpp"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cerrno>
#include <cstddef>
#include <utility>

namespace mydocker::runtime {

namespace {

// x86_64 numbers from the kernel's syscall_64.tbl, for the names Docker's profile allows
// that libseccomp 2.5.4 does not know.
constexpr std::pair<const char*, uint32_t> X86_64_NEWER[] = {{"uretprobe", 335},
                                                             {"statmount", 457},
                                                             {"listmount", 458},
                                                             {"lsm_get_self_attr", 459},
                                                             {"lsm_set_self_attr", 460},
                                                             {"lsm_list_modules", 461},
                                                             {"mseal", 462},
                                                             {"setxattrat", 463},
                                                             {"getxattrat", 464},
                                                             {"listxattrat", 465},
                                                             {"removexattrat", 466}};

constexpr uint32_t X32_SYSCALL_BIT = 0x40000000;

sock_filter stmt(uint16_t code, uint32_t k) {
  return {code, 0, 0, k};
}
sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
  return {code, jt, jf, k};
}

} // namespace

std::optional<uint32_t> x86_64_syscall_number(const std::string& name) {
  for (const auto& [known, nr] : X86_64_NEWER)
    if (name == known)
      return nr;
  return std::nullopt;
}

std::string native_prefix(const std::vector<NumberedRule>& rules,
                          std::optional<uint32_t> enosys_above) {
#if defined(__x86_64__)
  if (rules.empty() && !enosys_above)
    return "";
  std::vector<sock_filter> p;
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 0)); // jf patched below
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  p.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, X32_SYSCALL_BIT, 0, 0)); // jt patched below
  for (const auto& r : rules) {
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, r.nr, 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, r.action));
  }
  if (enosys_above) {
    p.push_back(jump(BPF_JMP | BPF_JGT | BPF_K, *enosys_above, 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
  }
  // Other architectures and x32 go straight to libseccomp's program, which follows.
  p[1].jf = static_cast<uint8_t>(p.size() - 2);
  p[3].jt = static_cast<uint8_t>(p.size() - 4);
  return std::string(reinterpret_cast<const char*>(p.data()), p.size() * sizeof(sock_filter));
#else
  (void)rules;
  (void)enosys_above;
  return "";
#endif
}

} // namespace mydocker::runtime
