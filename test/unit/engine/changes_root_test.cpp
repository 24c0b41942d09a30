// Overlay whiteouts need root: a 0:0 character device and the trusted.overlay.opaque xattr.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/changes.hpp"

using namespace mydocker::engine;
namespace fs = std::filesystem;

TEST_CASE("overlay changes: whiteouts are deletions, opaque dirs are re-created") {
  fs::path root = fs::temp_directory_path() / ("changes-root-" + std::to_string(::getpid()));
  fs::create_directories(root / "lower/bin");
  fs::create_directories(root / "lower/data/old");
  std::ofstream(root / "lower/bin/ls") << "ls";
  fs::create_directories(root / "upper/bin");
  fs::create_directories(root / "upper/data");
  REQUIRE(::mknod((root / "upper/bin/ls").c_str(), S_IFCHR | 0000, makedev(0, 0)) == 0);
  REQUIRE(::setxattr((root / "upper/data").c_str(), "trusted.overlay.opaque", "y", 1, 0) == 0);
  std::ofstream(root / "upper/data/new") << "n";
  auto got = overlay_changes((root / "upper").string(), {(root / "lower").string()});
  fs::remove_all(root);
  std::vector<std::pair<std::string, int>> plain;
  for (const auto& c : got)
    plain.emplace_back(c.path, static_cast<int>(c.kind));
  std::vector<std::pair<std::string, int>> want = {
      {"/bin", 0}, {"/bin/ls", 2}, {"/data", 2}, {"/data/new", 1}};
  CHECK(plain == want);
}
