// The applier against the recording fake: calls in plan order, masks and read-only paths
// skipped only when missing, and any failure ends the setup with that step's error.
#include <catch2/catch.hpp>

#include <sys/mount.h>

#include "engine/runtime/mount_apply.hpp"
#include "recording_syscalls.hpp"

using namespace mydocker::runtime;

namespace {

Spec small_spec() {
  Spec s;
  s.rootfs = {{"/l"}, "", {}, "/u", "/w", "/m", true};
  s.mounts = {{"bind", "/run/c/hosts", "/etc/hosts", {"rbind", "ro"}}};
  s.masked_paths = {"/proc/kcore", "/proc/acpi", "/proc/missing"};
  s.readonly_paths = {"/proc/sys", "/proc/gone"};
  return s;
}

} // namespace

TEST_CASE("each step becomes its system call, in order", "[runtime][mounts]") {
  RecordingSyscalls sys;
  sys.kinds = {{"/proc/kcore", PathKind::Other},
               {"/proc/missing", PathKind::Missing},
               {"/proc/gone", PathKind::Missing}};
  REQUIRE(apply_mounts(plan_mounts(small_spec(), {}), sys) == "");
  auto& c = sys.calls;
  REQUIRE(c.size() > 8);
  CHECK(c[0] == "make-rprivate /");
  CHECK(c[1] == "overlay /m lowerdir=/l,upperdir=/u,workdir=/w");
  CHECK(c[2] == "open-root /m");
  std::vector<std::string> tail(c.end() - 10, c.end());
  std::vector<std::string> expected = {"bind /run/c/hosts /etc/hosts bind,rec",
                                       "remount /etc/hosts bind,rec,remount,ro",
                                       "mkdir / 493",
                                       "pivot-root",
                                       "bind /dev/null /proc/kcore bind",
                                       "mount tmpfs tmpfs /proc/acpi ro",
                                       "bind-self /proc/sys",
                                       "remount /proc/sys bind,rec,remount,ro",
                                       "remount / bind,remount,ro"};
  CHECK(std::vector<std::string>(tail.begin() + 1, tail.end()) == expected);
}

TEST_CASE("a failed mask or read-only remount fails the start", "[runtime][mounts]") {
  for (const std::string prefix :
       {"mount tmpfs tmpfs /proc/acpi", "remount /proc/sys", "bind-self /proc/sys", "remount / "}) {
    RecordingSyscalls sys;
    sys.fail_prefix = prefix;
    std::string error = apply_mounts(plan_mounts(small_spec(), {}), sys);
    INFO(prefix);
    CHECK(error.rfind(prefix, 0) == 0);
    CHECK(error.find("Operation not permitted") != std::string::npos);
    CHECK(sys.calls.back().rfind(prefix, 0) == 0); // nothing after the failure
  }
}
