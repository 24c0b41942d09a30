// Real containers from a busybox lower dir: namespaces, overlay root, json-file log,
// Docker's exit codes. Needs root.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/runtime.hpp"

using namespace mydocker;
using namespace mydocker::runtime;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> DOCKER_CAPS = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};

struct Sandbox {
  Sandbox() {
    char tmpl[] = "/tmp/mydocker-rt-XXXXXX";
    root = ::mkdtemp(tmpl);
    fs::create_directories(root + "/lower/bin");
    fs::copy_file("/bin/busybox", root + "/lower/bin/busybox");
    for (const char* applet : {"sh", "echo", "sleep", "cat", "hostname", "id", "ls", "true"})
      fs::create_symlink("busybox", root + "/lower/bin/" + applet);
  }
  ~Sandbox() {
    fs::remove_all(root);
    // The per-test parent cgroup in every hierarchy (containers' own were removed by cleanup).
    auto layout = read_cgroup_layout();
    if (layout)
      for (auto& [controller, dir] : cgroup_dirs(*layout, parent, "x")) {
        std::string parent_dir = dir.substr(0, dir.rfind('/'));
        std::error_code ec;
        for (auto& child : fs::directory_iterator(parent_dir, ec))
          if (child.is_directory())
            ::rmdir(child.path().c_str());
        ::rmdir(parent_dir.c_str());
      }
  }

  Spec spec(std::vector<std::string> args) {
    std::string id = random_hex_id();
    std::string c = root + "/c-" + id.substr(0, 8);
    for (const char* sub : {"/diff", "/work", "/merged"})
      fs::create_directories(c + sub);
    Spec s;
    s.id = id;
    s.hostname = "box";
    s.process.args = std::move(args);
    s.process.env = {"PATH=/bin"};
    s.process.capabilities = DOCKER_CAPS;
    s.rootfs = {{root + "/lower"}, "", {}, c + "/diff", c + "/work", c + "/merged", false};
    s.masked_paths = {"/proc/kcore", "/proc/keys"};
    s.readonly_paths = {"/proc/sys"};
    s.log_path = c + "/json.log";
    return s;
  }

  Runtime runtime() { return Runtime({root + "/exec", MYDOCKER_SHIM_PATH, parent}); }

  // Runs to completion; returns the exit status the shim recorded.
  ExitStatus run(Runtime& rt, const Spec& s) {
    auto started = rt.start(s);
    REQUIRE(started);
    ::waitpid(started->shim_pid, nullptr, 0);
    auto exit = rt.read_exit(s.id);
    REQUIRE(exit);
    return *exit;
  }

  std::string root;
  std::string parent = "mydocker-unit-" + random_hex_id(4);
};

} // namespace

TEST_CASE("a container runs in its own namespaces and logs like json-file", "[runtime][root]") {
  Sandbox box;
  auto rt = box.runtime();
  auto s =
      box.spec({"sh", "-c", "echo hi; echo oops >&2; hostname; echo pid=$$; echo new > /created"});
  auto exit = box.run(rt, s);
  CHECK(exit.exit_code == 0);
  std::string log = read_file(s.log_path).value();
  CHECK(log.find(R"({"log":"hi\n","stream":"stdout","time":")") != std::string::npos);
  CHECK(log.find(R"({"log":"oops\n","stream":"stderr")") != std::string::npos);
  CHECK(log.find(R"("log":"box\n")") != std::string::npos);
  CHECK(log.find(R"("log":"pid=1\n")") != std::string::npos);
  // Copy-on-write: the write landed in the upper dir, the image layer is untouched.
  CHECK(fs::exists(s.rootfs.upper_dir + "/created"));
  CHECK_FALSE(fs::exists(box.root + "/lower/created"));
  // Nothing stays mounted on the host.
  CHECK(read_file("/proc/self/mountinfo").value().find(box.root) == std::string::npos);
  REQUIRE(rt.cleanup(s.id));
}

TEST_CASE("exit codes are Docker's", "[runtime][root]") {
  Sandbox box;
  auto rt = box.runtime();
  CHECK(box.run(rt, box.spec({"sh", "-c", "exit 3"})).exit_code == 3);

  auto missing = box.spec({"nosuch"});
  auto started = rt.start(missing);
  REQUIRE_FALSE(started);
  CHECK(started.error().code == Errc::InvalidArgument);
  CHECK(started.error().message.find("exec: \"nosuch\": executable file not found in $PATH") !=
        std::string::npos);
  CHECK(rt.read_exit(missing.id)->exit_code == 127);

  auto sleeper = box.spec({"sleep", "100"});
  auto running = rt.start(sleeper);
  REQUIRE(running);
  CHECK(rt.running_pid(sleeper.id) == running->pid);
  REQUIRE(rt.signal(sleeper.id, SIGKILL));
  ::waitpid(running->shim_pid, nullptr, 0);
  CHECK(rt.read_exit(sleeper.id)->exit_code == 137);
  CHECK_FALSE(rt.running_pid(sleeper.id));
  CHECK(rt.signal(sleeper.id, SIGTERM).error().code == Errc::Conflict);
  REQUIRE(rt.cleanup(sleeper.id));
}

TEST_CASE("capabilities are reduced to Docker's default set", "[runtime][root]") {
  Sandbox box;
  auto rt = box.runtime();
  // CAP_SYS_ADMIN (bit 21) is not in the default set: CapBnd must not have it.
  auto s = box.spec({"sh", "-c", "cat /proc/self/status"});
  REQUIRE(box.run(rt, s).exit_code == 0);
  std::string log = read_file(s.log_path).value();
  auto pos = log.find("CapBnd:\\t");
  REQUIRE(pos != std::string::npos);
  unsigned long long bnd = std::stoull(log.substr(pos + 9, 16), nullptr, 16);
  CHECK((bnd & (1ULL << 21)) == 0);
  CHECK((bnd & (1ULL << 0)) != 0); // CAP_CHOWN kept
}

TEST_CASE("memory limit ends a hog OOMKilled, pids limit stops a fork bomb, freezer pauses",
          "[runtime][root]") {
  Sandbox box;
  auto rt = box.runtime();
  auto hog = box.spec({"sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done"});
  hog.resources.memory = 32 * 1024 * 1024;
  auto exit = box.run(rt, hog);
  CHECK(exit.exit_code == 137);
  CHECK(rt.oom_killed(hog.id));
  REQUIRE(rt.cleanup(hog.id));

  auto bomb = box.spec({"sh", "-c", "for i in $(seq 30); do sleep 100 & done; exec sleep 100"});
  bomb.resources.pids_limit = 10;
  auto started = rt.start(bomb);
  REQUIRE(started);
  auto layout = read_cgroup_layout().value();
  std::string pids_dir = cgroup_dirs(layout, box.parent, bomb.id)[layout.v2 ? "" : "pids"];
  // The shell runs out of pids ("can't fork") and the limit holds meanwhile.
  for (int i = 0; i < 200 && !rt.read_exit(bomb.id); ++i) {
    CHECK(std::stoi(read_file(pids_dir + "/pids.current").value_or("0")) <= 10);
    ::usleep(5'000);
  }
  ::waitpid(started->shim_pid, nullptr, 0);
  CHECK(rt.read_exit(bomb.id)->exit_code != 0);
  CHECK(read_file(bomb.log_path).value().find("fork") != std::string::npos);
  REQUIRE(rt.cleanup(bomb.id));
  CHECK_FALSE(fs::exists(pids_dir));

  auto sleeper = box.spec({"sleep", "100"});
  auto running = rt.start(sleeper);
  REQUIRE(running);
  REQUIRE(rt.freeze(sleeper.id, true));
  if (!layout.v2)
    CHECK(read_file(cgroup_dirs(layout, box.parent, sleeper.id)["freezer"] + "/freezer.state")
              .value() == "FROZEN\n");
  REQUIRE(rt.freeze(sleeper.id, false));
  REQUIRE(rt.signal(sleeper.id, SIGKILL));
  ::waitpid(running->shim_pid, nullptr, 0);
  CHECK(rt.read_exit(sleeper.id)->exit_code == 137);
  REQUIRE(rt.cleanup(sleeper.id));
}
