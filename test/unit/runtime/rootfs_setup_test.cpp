#include <catch2/catch.hpp>

#include "engine/runtime/rootfs_setup.hpp"

using namespace mydocker::runtime;

TEST_CASE("many layers mount with short relative lowerdir names", "[runtime]") {
  OverlayRootfs r;
  r.lower_root = "/var/lib/mydocker/layers";
  r.upper_dir = "/var/lib/mydocker/containers-rw/c/diff";
  r.work_dir = "/var/lib/mydocker/containers-rw/c/work";
  for (int i = 0; i < 3; ++i) {
    r.lower_dirs.push_back(r.lower_root + "/" + std::string(64, char('a' + i)) + "/diff");
    r.lower_links.push_back("l/" + std::string(26, char('a' + i)));
  }
  CHECK_FALSE(needs_relative_lowers(r));
  CHECK(overlay_options(r).rfind("lowerdir=" + r.lower_dirs[0] + ":", 0) == 0);
  for (int i = 3; i < 120; ++i) {
    r.lower_dirs.push_back(r.lower_root + "/" + std::to_string(i) + std::string(62, 'f') + "/diff");
    r.lower_links.push_back("l/" + std::to_string(i) + std::string(24, 'f'));
  }
  REQUIRE(needs_relative_lowers(r));
  std::string relative = overlay_options(r, true);
  CHECK(relative.size() < 4096);
  CHECK(relative.rfind("lowerdir=l/aaaa", 0) == 0);
  CHECK(relative.find(",upperdir=" + r.upper_dir + ",workdir=" + r.work_dir) != std::string::npos);
  SECTION("without links the absolute form is kept") {
    r.lower_links.clear();
    CHECK_FALSE(needs_relative_lowers(r));
  }
}
