#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/atomic_file.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/tar_writer.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
namespace fs = std::filesystem;

TEST_CASE("an empty tree is Docker's empty layer", "[archive]") {
  TempDir tmp;
  std::string tar = tree_tar(tmp.path, WhiteoutMode::None).value();
  CHECK(tar == std::string(1024, '\0'));
}
