// The v2 device program on the real kernel: the verifier accepts it, and a process in a
// throwaway cgroup2 directory can mknod a block node but not open it, while /dev/null-like
// nodes still open; create_cgroups on a v2 layout does the same for a container (and allows
// all for a privileged one). Needs root and a cgroup2 mount (pure v2, or "unified" on hybrid).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "common/scope_guard.hpp"
#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/device_bpf.hpp"
#include "engine/runtime/device_rules.hpp"

using namespace mydocker;
using namespace mydocker::runtime;
namespace fs = std::filesystem;

namespace {

// A cgroup2 directory and a directory of device nodes, both removed at the end.
struct Scratch {
  std::string cgroup;
  std::string nodes;
  explicit Scratch(const std::string& v2_mount) {
    cgroup = v2_mount + "/mydocker-devtest-" + std::to_string(::getpid());
    ::mkdir(cgroup.c_str(), 0755);
    char tmpl[] = "/tmp/mydocker-devnodes-XXXXXX";
    nodes = ::mkdtemp(tmpl);
    REQUIRE(::mknod((nodes + "/null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    REQUIRE(::mknod((nodes + "/mem").c_str(), S_IFCHR | 0600, makedev(1, 1)) == 0);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(nodes, ec);
    ::rmdir(cgroup.c_str()); // the child that joined it has exited
  }
};

// 0 when the open succeeded, else its errno.
int open_errno(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno;
  ::close(fd);
  return 0;
}

// In a child moved into the cgroup: bit 0 mknod of a block node failed, bit 1 /dev/null-like
// node did not open, bit 2 the block node opened, bit 3 a /dev/mem-like node opened.
int probe_in_cgroup(const Scratch& s, const std::string& cgroup) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int result = 0;
    int fd = ::open((cgroup + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, "0", 1) != 1)
      ::_exit(100);
    ::unlink((s.nodes + "/disk").c_str()); // from an earlier probe
    if (::mknod((s.nodes + "/disk").c_str(), S_IFBLK | 0600, makedev(7, 0)) != 0)
      result |= 1;
    if (open_errno(s.nodes + "/null") != 0)
      result |= 2;
    if (open_errno(s.nodes + "/disk") != EPERM)
      result |= 4;
    if (open_errno(s.nodes + "/mem") != EPERM)
      result |= 8;
    ::_exit(result);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

} // namespace

TEST_CASE("the kernel loads the default and the privileged device programs") {
  auto layout = read_cgroup_layout();
  REQUIRE(layout);
  for (bool privileged : {false, true}) {
    auto program = load_device_program(compile_device_program(plan_device_rules(privileged, {})));
    REQUIRE(program);
    CHECK(program->valid());
    CHECK((::fcntl(program->get(), F_GETFD) & FD_CLOEXEC) != 0);
  }
}

TEST_CASE("a process under the default device program cannot open a block node it made") {
  auto layout = read_cgroup_layout();
  REQUIRE(layout);
  REQUIRE_FALSE(layout->v2_mount.empty());
  Scratch s(layout->v2_mount);
  auto program = load_device_program(compile_device_program(default_device_rules()));
  REQUIRE(program);
  REQUIRE(attach_device_program(s.cgroup, program->get()));
  program->reset(); // the attachment keeps it alive
  CHECK(probe_in_cgroup(s, s.cgroup) == 0);
}

TEST_CASE("create_cgroups on a v2 layout attaches the container's device program") {
  auto host = read_cgroup_layout();
  REQUIRE(host);
  REQUIRE_FALSE(host->v2_mount.empty());
  CgroupLayout v2;
  v2.v2 = true;
  v2.v2_mount = host->v2_mount;
  Scratch s(host->v2_mount);
  std::string parent = "mydocker-devtest-parent-" + std::to_string(::getpid());
  std::string dir = cgroup_dirs(v2, parent, "c1").at("");
  Rollback cleanup; // also when a REQUIRE below fails
  cleanup.add([&] { remove_parent_cgroups(v2, parent); });
  cleanup.add([&] {
    for (const char* id : {"c1", "c2"})
      remove_cgroups(v2, parent, id);
  });
  REQUIRE(create_cgroups(v2, parent, "c1", Resources{}, plan_device_rules(false, {})));
  CHECK(probe_in_cgroup(s, dir) == 0);
  std::string privileged_dir = cgroup_dirs(v2, parent, "c2").at("");
  REQUIRE(create_cgroups(v2, parent, "c2", Resources{}, plan_device_rules(true, {})));
  CHECK(probe_in_cgroup(s, privileged_dir) == (4 | 8)); // both nodes open
}

TEST_CASE("attaching to a directory that is not a cgroup reports the path") {
  auto program = load_device_program(compile_device_program(default_device_rules()));
  REQUIRE(program);
  auto attached = attach_device_program("/tmp", program->get());
  REQUIRE_FALSE(attached);
  CHECK(attached.error().message.find("/tmp") != std::string::npos);
}
