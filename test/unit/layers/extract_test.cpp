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

TEST_CASE("member paths are cleaned and may not climb out", "[archive]") {
  CHECK(clean_member_path("./a//b/../c").value() == "a/c");
  CHECK(clean_member_path("/etc/passwd").value() == "etc/passwd");
  CHECK(clean_member_path("./").value().empty());
  CHECK_FALSE(clean_member_path("../x"));
  CHECK_FALSE(clean_member_path("a/../../x"));
}

TEST_CASE("decompress passes plain tars through", "[archive]") {
  std::string tar = TarBuilder().file("a", "hello").finish();
  CHECK(decompress(tar).value() == tar);
}
