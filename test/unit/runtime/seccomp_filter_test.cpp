// The compiled filters on the real kernel, without root: a forked child sets no_new_privs
// (which lets any process install a filter), installs the program and reports the errno of
// one syscall.
#include <catch2/catch.hpp>

#include <linux/filter.h>
#include <sched.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

#include "engine/runtime/seccomp.hpp"

using namespace mydocker;
using namespace mydocker::runtime;

namespace {

const std::vector<std::string> DOCKER_CAPS = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};

constexpr int LOAD_FAILED = 250;

// The errno `call` gets under the filter (0 when it succeeds), or -signal when it kills.
int errno_under_filter(const std::string& filter, const std::function<long()>& call) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !install_seccomp_filter(filter).empty())
      ::_exit(LOAD_FAILED);
    long rc = call();
    ::_exit(rc < 0 ? errno : 0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

std::string builtin(const std::vector<std::string>& caps = DOCKER_CAPS) {
  auto filter = seccomp_for_container({}, false, caps);
  REQUIRE(filter);
  REQUIRE(!filter->empty());
  return *filter;
}

} // namespace

TEST_CASE("the builtin filter denies the privileged syscalls with EPERM", "[seccomp]") {
  std::string f = builtin();
  CHECK(errno_under_filter(f, [] { return ::getpid(); }) == 0);
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_keyctl, 0, 0, 0, 0, 0); }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::unshare(CLONE_NEWUSER); }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_swapon, "/nonexistent", 0); }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_mount, "none", "/", "tmpfs", 0, 0); }) ==
        EPERM);
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_reboot, 0, 0, 0, 0); }) == EPERM);
}

TEST_CASE("the builtin filter checks clone, clone3, personality and socket", "[seccomp]") {
  std::string f = builtin();
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_clone3, nullptr, 0); }) == ENOSYS);
  CHECK(errno_under_filter(f, [] {
          return ::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, 0);
        }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::personality(0xffffffff); }) == 0);
  CHECK(errno_under_filter(f, [] { return ::personality(PER_BSD); }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::socket(AF_VSOCK, SOCK_STREAM, 0); }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::socket(AF_ALG, SOCK_SEQPACKET, 0); }) == EPERM);
  CHECK(errno_under_filter(f, [] { return ::socket(AF_UNIX, SOCK_STREAM, 0); }) == 0);
  // A plain fork (clone without namespace flags) still works.
  CHECK(errno_under_filter(f, [] {
          pid_t child = ::fork();
          if (child == 0)
            ::_exit(0);
          return child < 0 ? -1L : static_cast<long>(::waitpid(child, nullptr, 0));
        }) == 0);
}

TEST_CASE("CAP_SYS_ADMIN lifts the clone and clone3 checks", "[seccomp]") {
  auto caps = DOCKER_CAPS;
  caps.push_back("CAP_SYS_ADMIN");
  std::string f = builtin(caps);
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_clone3, nullptr, 0); }) != ENOSYS);
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_keyctl, 0, 0, 0, 0, 0); }) == EPERM);
  // --cap-add ALL holds CAP_SYS_ADMIN too.
  auto all = seccomp_for_container({}, false, {"ALL"});
  REQUIRE(all);
  CHECK(errno_under_filter(*all, [] { return ::syscall(SYS_clone3, nullptr, 0); }) != ENOSYS);
}

TEST_CASE("a custom profile that denies mkdir", "[seccomp]") {
  auto f = seccomp_for_container({R"(seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
      {"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":42}]})"},
                                 false, DOCKER_CAPS);
  REQUIRE(f);
  CHECK(errno_under_filter(*f, [] { return ::mkdir("/proc/x", 0755); }) == 42);
  CHECK(errno_under_filter(*f, [] { return ::syscall(SYS_keyctl, 0, 0, 0, 0, 0); }) != EPERM);
}

TEST_CASE("unconfined and privileged mean no filter unless a profile is given", "[seccomp]") {
  CHECK(seccomp_for_container({"seccomp=unconfined"}, false, DOCKER_CAPS)->empty());
  CHECK(seccomp_for_container({"seccomp:unconfined"}, false, DOCKER_CAPS)->empty());
  CHECK(seccomp_for_container({}, true, DOCKER_CAPS)->empty());
  CHECK(seccomp_for_container({"seccomp=builtin"}, true, DOCKER_CAPS)->empty());
  CHECK(!seccomp_for_container({"seccomp=builtin"}, false, DOCKER_CAPS)->empty());
  auto custom = seccomp_for_container(
      {R"(seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]})"},
      true, DOCKER_CAPS);
  REQUIRE(custom);
  CHECK(!custom->empty());
  // moby: no default action and no rules is no filter.
  CHECK(seccomp_for_container({"seccomp={}"}, false, DOCKER_CAPS)->empty());
}

TEST_CASE("profiles libseccomp cannot compile are refused", "[seccomp]") {
  for (
      const char* profile :
      {R"({"defaultAction":"SCMP_ACT_BOGUS"})",
       R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_PDP11"]})",
       R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"op":"SCMP_CMP_LIKE"}]}]})",
       R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ALLOW","errnoRet":1}]})",
       "not json"}) {
    INFO(profile);
    auto f = seccomp_for_container({std::string("seccomp=") + profile}, false, DOCKER_CAPS);
    REQUIRE(!f);
    CHECK(f.error().code == Errc::InvalidArgument);
  }
}

TEST_CASE("unknown syscall names are skipped", "[seccomp]") {
  auto f = seccomp_for_container(
      {R"(seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["no_such_call","mkdir"],"action":"SCMP_ACT_ERRNO"}]})"},
      false, DOCKER_CAPS);
  REQUIRE(f);
  CHECK(errno_under_filter(*f, [] { return ::mkdir("/proc/x", 0755); }) == EPERM);
}

#if defined(__x86_64__)
// 32-bit syscalls through int 0x80 are filtered too (x86 is in the filter's architectures).
TEST_CASE("the builtin filter covers the x86 ABI", "[seccomp]") {
  auto int80 = [](long nr) {
    long ret;
    asm volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(0), "c"(0), "d"(0) : "memory");
    if (ret < 0 && ret > -4096) {
      errno = static_cast<int>(-ret);
      return -1L;
    }
    return ret;
  };
  if (errno_under_filter("", [&] { return int80(20); }) != 0) { // i386 getpid
    WARN("no IA32 emulation in this kernel: x86 ABI not checked");
    return;
  }
  std::string f = builtin();
  CHECK(errno_under_filter(f, [&] { return int80(20); }) == 0);
  CHECK(errno_under_filter(f, [&] { return int80(310); }) == EPERM); // i386 unshare
}
#endif

TEST_CASE("a filter longer than the kernel accepts is refused when compiled", "[seccomp]") {
  std::string rules;
  for (int i = 0; i < 5000; ++i)
    rules += std::string(i ? "," : "") +
             R"({"names":["ioctl"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":)" +
             std::to_string(1000 + i) + R"(,"op":"SCMP_CMP_EQ"}]})";
  auto f = seccomp_for_container(
      {R"(seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[)" + rules + "]}"}, false,
      DOCKER_CAPS);
  if (f)
    FAIL("compiled to " << f->size() / 16 << " instructions");
  CHECK(f.error().code == Errc::InvalidArgument);
  CHECK(f.error().message.find("more than the kernel's limit of 4096") != std::string::npos);
}

TEST_CASE("the builtin filter fits the kernel's limit with room to spare", "[seccomp]") {
  auto f = builtin();
  CHECK(f.size() / 2 / sizeof(sock_filter) < 2048);
}

#if defined(__x86_64__)
TEST_CASE("syscalls newer than libseccomp: allowed by number, ENOSYS past the profile",
          "[seccomp]") {
  std::string f = builtin();
  // mseal (462) is allowed by Docker's profile; libseccomp 2.5.4 does not know it.
  CHECK(errno_under_filter(f, [] { return ::syscall(462, 0, 0, 0); }) != EPERM);
  // Newer than every syscall the profile names: ENOSYS, so that callers fall back (runc).
  CHECK(errno_under_filter(f, [] { return ::syscall(467, 0, 0, 0, 0, 0); }) == ENOSYS);
  CHECK(errno_under_filter(f, [] { return ::syscall(1000); }) == ENOSYS);
  // Within the profile's range and not allowed: the default action.
  CHECK(errno_under_filter(f, [] { return ::syscall(SYS_keyctl, 0, 0, 0, 0, 0); }) == EPERM);
  // A default-allow profile has no ENOSYS stub (the kernel answers ENOSYS itself).
  auto allow = seccomp_for_container(
      {R"(seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mseal"],"action":"SCMP_ACT_ERRNO","errnoRet":42}]})"},
      false, DOCKER_CAPS);
  REQUIRE(allow);
  CHECK(errno_under_filter(*allow, [] { return ::syscall(462, 0, 0, 0); }) == 42);
  CHECK(errno_under_filter(*allow, [] { return ::getpid(); }) == 0);
}
#endif
