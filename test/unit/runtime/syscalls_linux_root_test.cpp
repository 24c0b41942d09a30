// The real Syscalls in a throwaway mount namespace (a forked child): targets named through
// an image's symlinks to host paths land inside the root, the host files stay untouched.
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/atomic_file.hpp"
#include "engine/runtime/syscalls.hpp"

using namespace mydocker;
using namespace mydocker::runtime;
namespace fs = std::filesystem;

namespace {

struct TempTree {
  TempTree() {
    char tmpl[] = "/tmp/mydocker-sys-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempTree() { fs::remove_all(path); }
  std::string path;
};

// Runs fn in a child with its own mount namespace; returns fn's exit code.
template <class Fn> int in_mount_namespace(Fn fn) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      ::_exit(100);
    ::_exit(fn());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

std::string text_of(const std::string& path) {
  return read_file(path).value_or("<missing>");
}

} // namespace

TEST_CASE("mount targets behind an image's symlinks stay inside the root", "[runtime][root]") {
  TempTree t;
  std::string host = t.path + "/host", root = t.path + "/root";
  fs::create_directories(host);
  fs::create_directories(root + "/etc");
  std::ofstream(host + "/secret") << "host";
  std::ofstream(t.path + "/source") << "container";
  fs::create_symlink(host + "/secret", root + "/etc/hosts"); // absolute, names a host file
  fs::create_symlink("../../../host", root + "/etc/up");     // climbs past the root
  fs::create_directories(t.path + "/host2");
  std::ofstream(t.path + "/host2/keep") << "kept";
  fs::create_symlink(t.path + "/host2", root + "/escape");
  int rc = in_mount_namespace([&] {
    auto sys = make_linux_syscalls();
    if (!sys->open_root(root).empty())
      return 1;
    if (!sys->bind(t.path + "/source", "/etc/hosts", MS_BIND).empty())
      return 2;
    if (!sys->mount("tmpfs", "tmpfs", "/escape", 0, "size=1m").empty())
      return 3;
    if (!sys->mkdir_all("/etc/up/made", 0755).empty())
      return 4;
    if (text_of(host + "/secret") != "host" || text_of(t.path + "/host2/keep") != "kept" ||
        fs::exists(host + "/made"))
      return 5; // the host side untouched, not covered by the tmpfs
    if (text_of(root + host + "/secret") != "container")
      return 6; // the bind landed on the symlink's target inside the root
    if (sys->path_kind("/etc/hosts") != PathKind::Other ||
        sys->path_kind("/nosuch") != PathKind::Missing)
      return 7;
    return 0;
  });
  CHECK(rc == 0);
  CHECK(text_of(host + "/secret") == "host");
  CHECK(fs::is_directory(root + "/host/made")); // "../../../host" resolved at the root
}

TEST_CASE("a failed remount is reported, not ignored", "[runtime][root]") {
  TempTree t;
  fs::create_directories(t.path + "/root");
  int rc = in_mount_namespace([&] {
    auto sys = make_linux_syscalls();
    if (!sys->open_root(t.path + "/root").empty())
      return 1;
    std::string e = sys->remount("/nosuch", MS_BIND | MS_REMOUNT | MS_RDONLY);
    return e.find("remount /nosuch") == 0 && e.find("No such file") != std::string::npos ? 0 : 2;
  });
  CHECK(rc == 0);
}
