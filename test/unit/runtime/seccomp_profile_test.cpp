// Docker's seccomp profile format and the builtin profile's conditional groups, as data.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/runtime/seccomp_profile.hpp"

using namespace mydocker;
using namespace mydocker::runtime;

namespace {

const std::vector<std::string> DOCKER_CAPS = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};

SeccompTarget amd64(std::vector<std::string> caps, KernelVersion kernel = {6, 1}) {
  return {"amd64", "SCMP_ARCH_X86_64", kernel, std::move(caps)};
}

// The rules naming `syscall` in the resolved profile.
std::vector<SeccompRule> rules_for(const ResolvedSeccomp& r, const std::string& syscall) {
  std::vector<SeccompRule> out;
  for (const auto& rule : r.syscalls)
    if (std::find(rule.names.begin(), rule.names.end(), syscall) != rule.names.end())
      out.push_back(rule);
  return out;
}

bool allowed_unconditionally(const ResolvedSeccomp& r, const std::string& syscall) {
  for (const auto& rule : rules_for(r, syscall))
    if (rule.action == "SCMP_ACT_ALLOW" && rule.args.empty())
      return true;
  return false;
}

ResolvedSeccomp builtin_for(std::vector<std::string> caps) {
  auto r = resolve_seccomp(default_seccomp_profile(), amd64(std::move(caps)));
  REQUIRE(r);
  return *r;
}

} // namespace

TEST_CASE("a Docker profile is parsed with its conditions and arguments", "[seccomp]") {
  auto p = parse_seccomp_profile(R"({
    "defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1, "unknownKey": [1],
    "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [
      {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
       "args": [{"index": 1, "value": 448, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
       "includes": {"caps": ["CAP_SYS_ADMIN"], "minKernel": "4.8"},
       "excludes": {"arches": ["s390x"]}},
      {"name": "getpid", "action": "SCMP_ACT_LOG", "args": null}]})");
  REQUIRE(p);
  CHECK(p->default_action == "SCMP_ACT_ALLOW");
  CHECK(p->default_errno_ret == 1u);
  CHECK(p->architectures == std::vector<std::string>{"SCMP_ARCH_X86_64"});
  REQUIRE(p->syscalls.size() == 2);
  const auto& mkdir = p->syscalls[0];
  CHECK(mkdir.names == std::vector<std::string>{"mkdir", "mkdirat"});
  CHECK(mkdir.errno_ret == 13u);
  REQUIRE(mkdir.args.size() == 1);
  CHECK(mkdir.args[0].index == 1);
  CHECK(mkdir.args[0].value == 448);
  CHECK(mkdir.args[0].op == "SCMP_CMP_MASKED_EQ");
  CHECK(mkdir.includes.caps == std::vector<std::string>{"CAP_SYS_ADMIN"});
  CHECK(mkdir.includes.min_kernel->kernel == 4);
  CHECK(mkdir.includes.min_kernel->major == 8);
  CHECK(mkdir.excludes.arches == std::vector<std::string>{"s390x"});
  CHECK(p->syscalls[1].names == std::vector<std::string>{"getpid"});
}

TEST_CASE("keys match case-insensitively as in Go's encoding/json", "[seccomp]") {
  auto p = parse_seccomp_profile(R"({"DefaultAction": "SCMP_ACT_ERRNO", "SYSCALLS": []})");
  REQUIRE(p);
  CHECK(p->default_action == "SCMP_ACT_ERRNO");
}

TEST_CASE("malformed profiles are refused with Docker's wording", "[seccomp]") {
  for (const char* bad :
       {"{not json", "[1, 2]", R"({"defaultAction": 5})", R"({"syscalls": [{"names": "mkdir"}]})",
        R"({"syscalls": [{"names": ["x"], "args": [{"index": -1}]}]})",
        R"({"syscalls": [{"names": ["a"], "includes": {"minKernel": "4"}}]})"}) {
    auto p = parse_seccomp_profile(bad);
    INFO(bad);
    REQUIRE(!p);
    CHECK(p.error().code == Errc::InvalidArgument);
    CHECK(p.error().message.rfind("Decoding seccomp profile failed: ", 0) == 0);
  }
}

TEST_CASE("type errors name the field as Go does", "[seccomp]") {
  auto p = parse_seccomp_profile(R"({"defaultAction": 5})");
  REQUIRE(!p);
  CHECK(p.error().message == "Decoding seccomp profile failed: json: cannot unmarshal number "
                             "into Go struct field Seccomp.defaultAction of type string");
}

TEST_CASE("name and names together are refused", "[seccomp]") {
  auto p = parse_seccomp_profile(R"({"syscalls": [{"name": "a", "names": ["b"]}]})");
  REQUIRE(!p);
  CHECK(p.error().code == Errc::InvalidArgument);
  CHECK(p.error().message == "both 'name' and 'names' are specified in the seccomp profile, use "
                             "either 'name' or 'names'");
}

TEST_CASE("architectures and archMap together are refused", "[seccomp]") {
  auto p = parse_seccomp_profile(R"({"defaultAction": "SCMP_ACT_ALLOW",
    "architectures": ["SCMP_ARCH_X86"],
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}]})");
  REQUIRE(p);
  auto r = resolve_seccomp(*p, amd64({}));
  REQUIRE(!r);
  CHECK(r.error().message.find("use either 'architectures' or 'archMap'") != std::string::npos);
}

TEST_CASE("the builtin profile denies with EPERM on x86_64, x86 and x32", "[seccomp]") {
  auto r = builtin_for(DOCKER_CAPS);
  CHECK(r.default_action == "SCMP_ACT_ERRNO");
  CHECK(r.default_errno_ret == 1u);
  CHECK(r.architectures ==
        std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"});
}

TEST_CASE("Docker's default capabilities leave the privileged groups denied", "[seccomp]") {
  auto r = builtin_for(DOCKER_CAPS);
  for (const char* everyday : {"read", "openat", "execve", "mkdir", "arch_prctl", "modify_ldt",
                               "ptrace", "chroot", "setuid", "prctl"})
    CHECK(allowed_unconditionally(r, everyday));
  for (const char* denied : {"mount", "umount2", "unshare", "setns", "reboot", "swapon", "keyctl",
                             "add_key", "init_module", "settimeofday", "bpf", "clone3", "acct",
                             "open_by_handle_at", "syslog", "s390_runtime_instr"})
    CHECK_FALSE(allowed_unconditionally(r, denied));
  auto clone3 = rules_for(r, "clone3");
  REQUIRE(clone3.size() == 1);
  CHECK(clone3[0].action == "SCMP_ACT_ERRNO");
  CHECK(clone3[0].errno_ret == 38u); // ENOSYS: libc falls back to clone
}

TEST_CASE("clone may not create namespaces without CAP_SYS_ADMIN", "[seccomp]") {
  auto clone = rules_for(builtin_for(DOCKER_CAPS), "clone");
  REQUIRE(clone.size() == 1); // the s390 variant is for s390 only
  REQUIRE(clone[0].args.size() == 1);
  CHECK(clone[0].args[0].index == 0);
  CHECK(clone[0].args[0].op == "SCMP_CMP_MASKED_EQ");
  CHECK(clone[0].args[0].value == 0x7e020000); // CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET}
  CHECK(clone[0].args[0].value_two == 0);
}

TEST_CASE("a capability opens its group", "[seccomp]") {
  auto caps = DOCKER_CAPS;
  caps.insert(caps.end(), {"CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_TIME", "CAP_SYS_MODULE"});
  auto r = builtin_for(caps);
  for (const char* opened : {"mount", "unshare", "setns", "clone", "clone3", "reboot",
                             "settimeofday", "init_module", "bpf"})
    CHECK(allowed_unconditionally(r, opened));
  CHECK(rules_for(r, "clone3").size() == 1); // no ENOSYS rule left
  CHECK_FALSE(allowed_unconditionally(r, "keyctl"));
}

TEST_CASE("personality and socket allow only Docker's values", "[seccomp]") {
  auto r = builtin_for(DOCKER_CAPS);
  std::vector<uint64_t> personas;
  for (const auto& rule : rules_for(r, "personality"))
    personas.push_back(rule.args.at(0).value);
  CHECK(personas == std::vector<uint64_t>{0, 8, 0x20000, 0x20008, 0xffffffff});
  std::vector<std::pair<std::string, uint64_t>> socket;
  for (const auto& rule : rules_for(r, "socket"))
    socket.emplace_back(rule.args.at(0).op, rule.args.at(0).value);
  CHECK(socket == std::vector<std::pair<std::string, uint64_t>>{
                      {"SCMP_CMP_LT", 38}, {"SCMP_CMP_EQ", 39}, {"SCMP_CMP_GT", 40}});
}

TEST_CASE("minKernel keeps ptrace behind CAP_SYS_PTRACE on old kernels", "[seccomp]") {
  auto old = resolve_seccomp(default_seccomp_profile(), amd64(DOCKER_CAPS, {4, 4}));
  REQUIRE(old);
  CHECK_FALSE(allowed_unconditionally(*old, "ptrace"));
  auto recent = resolve_seccomp(default_seccomp_profile(), amd64(DOCKER_CAPS, {4, 8}));
  REQUIRE(recent);
  CHECK(allowed_unconditionally(*recent, "ptrace"));
}
