#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/tar_path.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
namespace fs = std::filesystem;

TEST_CASE("a layer unpacks files, dirs, links and modes", "[archive][root]") {
  TempDir outer;
  std::string root = outer.path + "/root";
  fs::create_directory(root);
  std::string tar = TarBuilder()
                        .dir("bin")
                        .file("bin/tool", "#!/bin/sh\n", 04755)
                        .symlink("bin/sh", "/bin/tool")
                        .hardlink("bin/again", "bin/tool")
                        .file("etc/deep/conf", "x=1\n")
                        .finish();
  auto stats = extract_tar(tar, root);
  REQUIRE(stats);
  CHECK(read_file(root + "/etc/deep/conf").value() == "x=1\n");
  struct stat st {};
  REQUIRE(::stat((root + "/bin/tool").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 04755);
  CHECK(st.st_nlink == 2);
  CHECK(fs::read_symlink(root + "/bin/sh") == "/bin/tool");
}

TEST_CASE("a fifo keeps the tar's mode whatever the umask", "[archive][root]") {
  TempDir outer;
  std::string root = outer.path + "/root";
  fs::create_directory(root);
  std::string tar = TarBuilder().fifo("run/pipe", 0666).finish();
  mode_t old_mask = ::umask(022);
  auto stats = extract_tar(tar, root);
  ::umask(old_mask);
  REQUIRE(stats);
  struct stat st {};
  REQUIRE(::lstat((root + "/run/pipe").c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK((st.st_mode & 07777) == 0666);
}

TEST_CASE("hostile members never write outside the root", "[archive][root]") {
  TempDir outer;
  std::string root = outer.path + "/root";
  fs::create_directory(root);
  SECTION("dot-dot escape is refused") {
    std::string tar = TarBuilder().file("../escaped", "bad").finish();
    auto r = extract_tar(tar, root);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::InvalidArgument);
  }
  SECTION("writing through an absolute symlink never reaches the host path") {
    std::string tar = TarBuilder().symlink("evil", outer.path).file("evil/escaped", "bad").finish();
    // The link resolves as if root were "/", where outer.path does not exist: refused.
    CHECK_FALSE(extract_tar(tar, root));
  }
  SECTION("writing through a symlink to an existing dir stays inside") {
    std::string tar =
        TarBuilder().dir("tmp").symlink("evil", "/tmp").file("evil/escaped", "ok").finish();
    REQUIRE(extract_tar(tar, root));
    CHECK(fs::exists(root + "/tmp/escaped"));
  }
  SECTION("a relative symlink climbing out is refused") {
    std::string tar = TarBuilder().dir("a").symlink("a/up", "../../etc").finish();
    auto r = extract_tar(tar, root);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("invalid symlink a/up") != std::string::npos);
  }
  SECTION("a hardlink to a path outside is refused") {
    std::string tar = TarBuilder().hardlink("passwd", "../../etc/passwd").finish();
    REQUIRE_FALSE(extract_tar(tar, root));
  }
  SECTION("a hardlink through a symlink to the host is refused") {
    std::string tar =
        TarBuilder().symlink("hostetc", "/etc").hardlink("stolen", "hostetc/hostname").finish();
    CHECK_FALSE(extract_tar(tar, root)); // resolves to <root>/etc/hostname, which is absent
    CHECK_FALSE(fs::exists(root + "/stolen"));
  }
  CHECK_FALSE(fs::exists(outer.path + "/escaped"));
}

TEST_CASE("whiteouts become overlayfs whiteouts and opaque dirs", "[archive][root]") {
  TempDir outer;
  std::string root = outer.path + "/root";
  fs::create_directory(root);
  std::string tar = TarBuilder()
                        .dir("etc")
                        .file("etc/.wh.gone", "")
                        .dir("opt")
                        .file("opt/.wh..wh..opq", "")
                        .finish();
  REQUIRE(extract_tar(tar, root));
  struct stat st {};
  REQUIRE(::lstat((root + "/etc/gone").c_str(), &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  CHECK(st.st_rdev == makedev(0, 0));
  char value[4] = {};
  CHECK(::getxattr((root + "/opt").c_str(), "trusted.overlay.opaque", value, sizeof value) == 1);
  CHECK(value[0] == 'y');
  CHECK_FALSE(fs::exists(root + "/etc/.wh.gone"));
}
