// The mount plan of a container, asserted without root: Docker's defaults and order.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/runtime/mount_plan.hpp"

using namespace mydocker::runtime;

namespace {

Spec default_spec() {
  Spec s;
  s.rootfs = {{"/data/layers/a/diff"}, "",   {}, "/data/rw/c/diff", "/data/rw/c/work",
              "/data/rw/c/merged",     false};
  for (const char* file : {"hostname", "hosts", "resolv.conf"})
    s.mounts.push_back(
        {"bind", std::string("/run/c/") + file, std::string("/etc/") + file, {"rbind"}});
  s.masked_paths = {"/proc/kcore", "/sys/firmware"};
  s.readonly_paths = {"/proc/sys"};
  s.process.cwd = "/work/dir";
  return s;
}

CgroupMounts hybrid() {
  return {false, {{"memory", "memory", {"memory"}}, {"pids", "pids", {"pids"}}}};
}

std::vector<std::string> lines(const std::vector<MountStep>& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan)
    out.push_back(describe(step));
  return out;
}

long index_of(const std::vector<std::string>& all, const std::string& line) {
  auto it = std::find(all.begin(), all.end(), line);
  return it == all.end() ? -1 : it - all.begin();
}

bool has_prefix(const std::vector<std::string>& all, const std::string& prefix) {
  return std::any_of(all.begin(), all.end(),
                     [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
}

} // namespace

TEST_CASE("the default container's plan is Docker's, in order", "[runtime][mounts]") {
  auto all = lines(plan_mounts(default_spec(), hybrid()));
  std::vector<std::string> expected = {
      "make-rprivate /",
      "overlay /data/rw/c/merged lowerdir=/data/layers/a/diff,upperdir=/data/rw/c/diff,"
      "workdir=/data/rw/c/work",
      "open-root /data/rw/c/merged",
      "mount proc proc /proc nosuid,nodev,noexec",
      "mount tmpfs tmpfs /dev nosuid,strictatime mode=755,size=65536k",
      "mknod /dev/null 666 1:3",
      "mknod /dev/tty 666 5:0",
      "mount devpts devpts /dev/pts nosuid,noexec newinstance,ptmxmode=0666,mode=0620,gid=5",
      "mount tmpfs shm /dev/shm nosuid,nodev,noexec mode=1777,size=65536k",
      "mount mqueue mqueue /dev/mqueue nosuid,nodev,noexec",
      "symlink /dev/ptmx -> pts/ptmx",
      "symlink /dev/stderr -> /proc/self/fd/2",
      "mount sysfs sysfs /sys ro,nosuid,nodev,noexec",
      "mount tmpfs tmpfs /sys/fs/cgroup nosuid,nodev,noexec mode=755",
      "mount cgroup cgroup /sys/fs/cgroup/memory ro,nosuid,nodev,noexec memory",
      "mount cgroup cgroup /sys/fs/cgroup/pids ro,nosuid,nodev,noexec pids",
      "remount /sys/fs/cgroup bind,remount,ro,nosuid,nodev,noexec",
      "bind /run/c/hostname /etc/hostname bind,rec",
      "bind /run/c/resolv.conf /etc/resolv.conf bind,rec",
      "mkdir /work/dir 755",
      "pivot-root",
      "mask /proc/kcore",
      "mask /sys/firmware",
      "readonly /proc/sys"};
  long previous = -1;
  for (const auto& line : expected) {
    INFO(line);
    long at = index_of(all, line);
    CHECK(at > previous);
    previous = std::max(previous, at);
  }
  CHECK(all.back() == "readonly /proc/sys");
  CHECK_FALSE(has_prefix(all, "remount / "));
}

TEST_CASE("a read-only rootfs remounts the root read-only after the masks", "[runtime][mounts]") {
  Spec s = default_spec();
  s.rootfs.read_only = true;
  auto all = lines(plan_mounts(s, hybrid()));
  CHECK(all.back() == "remount / bind,remount,ro");
  CHECK(index_of(all, "mkdir /work/dir 755") < index_of(all, "pivot-root"));
}

TEST_CASE("privileged: rw /sys and cgroups, no masks", "[runtime][mounts]") {
  Spec s = default_spec();
  s.privileged = true;
  s.masked_paths.clear(); // the spec builder leaves them out for --privileged
  s.readonly_paths.clear();
  auto all = lines(plan_mounts(s, hybrid()));
  CHECK(index_of(all, "mount sysfs sysfs /sys nosuid,nodev,noexec") >= 0);
  CHECK(index_of(all, "mount cgroup cgroup /sys/fs/cgroup/memory nosuid,nodev,noexec memory") >= 0);
  CHECK_FALSE(has_prefix(all, "mask "));
  CHECK_FALSE(has_prefix(all, "readonly "));
  CHECK_FALSE(has_prefix(all, "remount "));
  CHECK(all.back() == "pivot-root");
}

TEST_CASE("masked and read-only paths are applied inside the new root", "[runtime][mounts]") {
  Spec s = default_spec();
  s.masked_paths = {"/proc/acpi", "/proc/keys", "/proc/scsi"};
  auto all = lines(plan_mounts(s, hybrid()));
  long pivot = index_of(all, "pivot-root");
  for (const auto& path : s.masked_paths)
    CHECK(index_of(all, "mask " + path) > pivot);
  CHECK(index_of(all, "readonly /proc/sys") > index_of(all, "mask /proc/scsi"));
}

TEST_CASE("the spec's own binds and tmpfs mounts", "[runtime][mounts]") {
  std::vector<MountEntry> mounts = {
      {"bind", "/srv/data", "/data", {"rbind", "ro"}},
      {"bind", "/srv/plain", "/plain", {"bind"}},
      {"tmpfs", "", "/run/scratch", {"nosuid", "nodev", "rprivate", "size=64m", "mode=1777"}},
      {"bind", "/srv/safe", "/safe", {"rbind", "nosuid", "noexec"}}};
  auto all = lines(plan_spec_mounts(mounts));
  std::vector<std::string> expected = {
      "bind /srv/data /data bind,rec",
      "remount /data bind,rec,remount,ro",
      "bind /srv/plain /plain bind",
      "mount tmpfs tmpfs /run/scratch nosuid,nodev size=64m,mode=1777",
      "bind /srv/safe /safe bind,rec",
      "remount /safe bind,rec,remount,nosuid,noexec"};
  CHECK(all == expected);
  Spec s = default_spec();
  s.mounts = mounts;
  auto plan = lines(plan_mounts(s, hybrid()));
  CHECK(index_of(plan, "remount /data bind,rec,remount,ro") < index_of(plan, "pivot-root"));
}

TEST_CASE("many layers mount from the layer root with short names", "[runtime][mounts]") {
  Spec s = default_spec();
  s.rootfs.lower_root = "/data/layers";
  s.rootfs.lower_dirs.clear();
  for (int i = 0; i < 120; ++i) {
    s.rootfs.lower_dirs.push_back("/data/layers/" + std::to_string(i) + std::string(62, 'f') +
                                  "/diff");
    s.rootfs.lower_links.push_back("l/" + std::to_string(i) + std::string(24, 'f'));
  }
  auto plan = plan_mounts(s, hybrid());
  REQUIRE(plan[1].kind == StepKind::MountOverlay);
  CHECK(plan[1].source == "/data/layers");
  CHECK(plan[1].data.rfind("lowerdir=l/0fff", 0) == 0);
}

TEST_CASE("a volume with copy-up is filled before it is bound", "[runtime][mounts]") {
  std::vector<MountEntry> mounts = {{"bind", "/vol/a/_data", "/data", {"copy-up", "rbind", "ro"}},
                                    {"bind", "/vol/b/_data", "/plain", {"rbind"}}};
  std::vector<std::string> expected = {
      "copy-up /data /vol/a/_data", "bind /vol/a/_data /data bind,rec",
      "remount /data bind,rec,remount,ro", "bind /vol/b/_data /plain bind,rec"};
  CHECK(lines(plan_spec_mounts(mounts)) == expected);
}

TEST_CASE("bind propagation: the root turns slave, the bind gets its own", "[runtime][mounts]") {
  Spec s = default_spec();
  s.mounts = {{"bind", "/srv/a", "/a", {"rbind", "rslave"}},
              {"bind", "/srv/b", "/b", {"rbind", "rprivate"}},
              {"bind", "/srv/c", "/c", {"rbind", "rshared"}}};
  auto plan = lines(plan_mounts(s, hybrid()));
  CHECK(plan[0] == "propagate / rec,slave");
  CHECK(index_of(plan, "propagate /a rec,slave") == index_of(plan, "bind /srv/a /a bind,rec") + 1);
  CHECK(index_of(plan, "propagate /b rec,private") > 0);
  CHECK(index_of(plan, "propagate /c rec,shared") > 0);
  s.mounts = {{"bind", "/srv/b", "/b", {"rbind", "rprivate"}}};
  plan = lines(plan_mounts(s, hybrid()));
  CHECK(plan[0] == "make-rprivate /");
  CHECK(index_of(plan, "propagate /b rec,private") == -1);
}

TEST_CASE("ipc none or container:X: no /dev/shm tmpfs of its own", "[runtime][mounts]") {
  Spec s = default_spec();
  s.dev_shm = false;
  auto all = lines(plan_mounts(s, hybrid()));
  CHECK_FALSE(has_prefix(all, "mount tmpfs shm /dev/shm"));
  CHECK(has_prefix(all, "mount mqueue mqueue /dev/mqueue"));
}

TEST_CASE("cgroupns host binds the container's own cgroup dirs", "[runtime][mounts]") {
  Spec s = default_spec();
  s.join_namespaces["cgroup"] = "/proc/self/ns/cgroup";
  s.cgroup_procs = {"/sys/fs/cgroup/memory/mydocker/c/cgroup.procs"};
  CgroupMounts cgroups = hybrid();
  cgroups.v1[0].mount_point = "/sys/fs/cgroup/memory";
  cgroups.v1[1].mount_point = "/sys/fs/cgroup/pids";
  auto all = lines(plan_mounts(s, cgroups));
  CHECK(has_prefix(all, "bind /sys/fs/cgroup/memory/mydocker/c /sys/fs/cgroup/memory bind"));
  CHECK_FALSE(has_prefix(all, "mount cgroup "));
}
