// ResolvedSeccomp -> BPF bytes with libseccomp: actions, architectures and argument
// comparisons mapped as runc maps an OCI profile.
#include "engine/runtime/seccomp_compile.hpp"

#include <linux/filter.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "common/fd.hpp"
#include "engine/runtime/seccomp_native_prefix.hpp"

namespace mydocker::runtime {

namespace {

using Context = std::unique_ptr<void, decltype(&seccomp_release)>;

Result<uint32_t> action_value(const std::string& name, std::optional<unsigned> errno_ret) {
  if (errno_ret && name != "SCMP_ACT_ERRNO" && name != "SCMP_ACT_TRACE")
    return invalid_argument("seccomp: errnoRet is only supported for SCMP_ACT_ERRNO and "
                            "SCMP_ACT_TRACE, not " +
                            name);
  unsigned ret = errno_ret.value_or(EPERM);
  if (name == "SCMP_ACT_ALLOW")
    return SCMP_ACT_ALLOW;
  if (name == "SCMP_ACT_ERRNO")
    return SCMP_ACT_ERRNO(ret);
  if (name == "SCMP_ACT_TRACE")
    return SCMP_ACT_TRACE(ret);
  if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD")
    return SCMP_ACT_KILL_THREAD;
  if (name == "SCMP_ACT_KILL_PROCESS")
    return SCMP_ACT_KILL_PROCESS;
  if (name == "SCMP_ACT_TRAP")
    return SCMP_ACT_TRAP;
  if (name == "SCMP_ACT_LOG")
    return SCMP_ACT_LOG;
  if (name == "SCMP_ACT_NOTIFY")
    return invalid_argument("seccomp: SCMP_ACT_NOTIFY is not supported (no listener)");
  return invalid_argument("seccomp: invalid action \"" + name + "\"");
}

Result<scmp_compare> compare_op(const std::string& op) {
  static const std::pair<const char*, scmp_compare> OPS[] = {
      {"SCMP_CMP_NE", SCMP_CMP_NE},
      {"SCMP_CMP_LT", SCMP_CMP_LT},
      {"SCMP_CMP_LE", SCMP_CMP_LE},
      {"SCMP_CMP_EQ", SCMP_CMP_EQ},
      {"SCMP_CMP_GE", SCMP_CMP_GE},
      {"SCMP_CMP_GT", SCMP_CMP_GT},
      {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  for (const auto& [name, value] : OPS)
    if (op == name)
      return value;
  return invalid_argument("seccomp: invalid operator \"" + op + "\"");
}

// "SCMP_ARCH_X86_64" -> libseccomp's "x86_64".
Result<uint32_t> arch_token(const std::string& name) {
  std::string lower = name.rfind("SCMP_ARCH_", 0) == 0 ? name.substr(10) : name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  uint32_t token = lower.empty() ? 0 : seccomp_arch_resolve_name(lower.c_str());
  if (token == 0)
    return invalid_argument("seccomp: unknown architecture \"" + name + "\"");
  return token;
}

Result<void> add_architectures(void* ctx, const std::vector<std::string>& arches) {
  for (const auto& name : arches) {
    uint32_t token = TRY(arch_token(name));
    int rc = seccomp_arch_add(ctx, token);
    if (rc != 0 && rc != -EEXIST)
      return invalid_argument("seccomp: add architecture " + name + ": " + std::strerror(-rc));
  }
  return {};
}

Result<std::vector<scmp_arg_cmp>> conditions(const std::vector<SeccompArg>& args) {
  std::vector<scmp_arg_cmp> out;
  for (const auto& a : args) {
    if (a.index > 5)
      return invalid_argument("seccomp: argument index " + std::to_string(a.index) +
                              " out of range");
    scmp_compare op = TRY(compare_op(a.op));
    // Masked comparison: value is the mask, valueTwo what the masked argument must equal.
    out.push_back({a.index, op, a.value, op == SCMP_CMP_MASKED_EQ ? a.value_two : 0});
  }
  return out;
}

// runc's rule: comparisons on distinct arguments are ANDed in one rule; two on the same
// argument become one rule each (ORed), as libseccomp cannot AND them.
bool repeats_an_index(const std::vector<scmp_arg_cmp>& conds) {
  for (size_t i = 0; i < conds.size(); ++i)
    for (size_t j = i + 1; j < conds.size(); ++j)
      if (conds[i].arg == conds[j].arg)
        return true;
  return false;
}

Result<void> add_rule(void* ctx, uint32_t action, int nr, const std::string& name,
                      const std::vector<scmp_arg_cmp>& conds) {
  auto add = [&](unsigned count, const scmp_arg_cmp* first) -> Result<void> {
    int rc = seccomp_rule_add_array(ctx, action, nr, count, first);
    if (rc != 0)
      return invalid_argument("seccomp: add rule for " + name + ": " + std::strerror(-rc));
    return {};
  };
  if (!repeats_an_index(conds))
    return add(static_cast<unsigned>(conds.size()), conds.data());
  for (const auto& c : conds)
    TRY_VOID(add(1, &c));
  return {};
}

// What the program is built from: libseccomp's context plus what goes in front of it.
struct FilterBuild {
  void* ctx = nullptr;
  uint32_t default_action = 0;
  std::vector<NumberedRule> numbered; // names libseccomp does not know, by x86_64 number
  uint32_t highest = 0;               // highest native syscall number the profile names
};

// A name libseccomp does not know: a plain rule goes in front by number (first one wins);
// anything else is skipped, as runc skips unknown names.
void add_by_number(FilterBuild& b, const std::string& name, uint32_t action, bool has_args) {
  auto nr = x86_64_syscall_number(name);
  if (!nr || has_args)
    return;
  b.highest = std::max(b.highest, *nr);
  for (const auto& r : b.numbered)
    if (r.nr == *nr)
      return;
  b.numbered.push_back({*nr, action});
}

Result<void> add_syscall_rules(FilterBuild& b, const SeccompRule& rule) {
  uint32_t action = TRY(action_value(rule.action, rule.errno_ret));
  auto conds = TRY(conditions(rule.args));
  for (const auto& name : rule.names) {
    int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) {
      add_by_number(b, name, action, !conds.empty());
      continue;
    }
    if (nr >= 0) // negative: a pseudo number for a syscall of another architecture only
      b.highest = std::max(b.highest, static_cast<uint32_t>(nr));
    if (action != b.default_action) // libseccomp refuses a rule that changes nothing
      TRY_VOID(add_rule(b.ctx, action, nr, name, conds));
  }
  return {};
}

Result<std::string> export_bpf(void* ctx, std::string bytes) {
  Fd mem(::memfd_create("seccomp-bpf", MFD_CLOEXEC));
  if (!mem)
    return sys_error("memfd_create");
  if (int rc = seccomp_export_bpf(ctx, mem.get()); rc != 0)
    return internal_error(std::string("seccomp_export_bpf: ") + std::strerror(-rc));
  char buf[8192];
  for (off_t off = 0;;) {
    ssize_t n = ::pread(mem.get(), buf, sizeof buf, off);
    if (n < 0)
      return sys_error("read seccomp program");
    if (n == 0)
      break;
    bytes.append(buf, static_cast<size_t>(n));
    off += n;
  }
  // The kernel refuses longer programs; say so now rather than at the container's start.
  if (size_t count = bytes.size() / sizeof(sock_filter); count > BPF_MAXINSNS)
    return invalid_argument("seccomp: the filter has " + std::to_string(count) +
                            " instructions, more than the kernel's limit of " +
                            std::to_string(BPF_MAXINSNS));
  return bytes;
}

} // namespace

Result<std::string> compile_seccomp_bpf(const ResolvedSeccomp& profile) {
  FilterBuild b;
  b.default_action = TRY(action_value(profile.default_action, profile.default_errno_ret));
  Context ctx(seccomp_init(b.default_action), &seccomp_release);
  if (!ctx)
    return invalid_argument("seccomp: cannot initialise a filter with action " +
                            profile.default_action);
  b.ctx = ctx.get();
  // The program is only exported: the init installs it and sets no_new_privs itself.
  seccomp_attr_set(b.ctx, SCMP_FLTATR_CTL_NNP, 0);
  TRY_VOID(add_architectures(b.ctx, profile.architectures));
  for (const auto& rule : profile.syscalls)
    TRY_VOID(add_syscall_rules(b, rule));
  bool denies = b.default_action != SCMP_ACT_ALLOW && b.default_action != SCMP_ACT_LOG;
  std::string prefix =
      native_prefix(b.numbered, denies && b.highest > 0 ? std::optional(b.highest) : std::nullopt);
  return export_bpf(b.ctx, prefix);
}

} // namespace mydocker::runtime
