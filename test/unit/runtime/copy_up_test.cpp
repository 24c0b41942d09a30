// Copy-up of image content into a new volume: files, directories, symlinks and FIFOs with
// their modes; nothing followed through a symlink (runs as any user: owners are its own).
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/fd.hpp"
#include "engine/runtime/copy_up.hpp"

using namespace mydocker;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/copy-up-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode;
}

} // namespace

TEST_CASE("copy-up keeps modes, symlinks and FIFOs", "[unit]") {
  TempDir from, to, outside;
  std::ofstream(from.path + "/file") << "content";
  ::chmod((from.path + "/file").c_str(), 0640);
  fs::create_directory(from.path + "/dir");
  ::chmod((from.path + "/dir").c_str(), 0710);
  std::ofstream(from.path + "/dir/deep") << "deep";
  fs::create_symlink(outside.path, from.path + "/escape");
  REQUIRE(::mkfifo((from.path + "/pipe").c_str(), 0600) == 0);
  ::chmod(from.path.c_str(), 0751);
  Fd src(::open(from.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Fd dst(::open(to.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  CHECK(runtime::directory_is_empty(dst.get()));
  REQUIRE(runtime::copy_tree(src.get(), dst.get()) == "");
  REQUIRE(runtime::copy_attributes(src.get(), dst.get()) == "");
  CHECK(!runtime::directory_is_empty(dst.get()));
  CHECK((mode_of(to.path + "/file") & 07777) == 0640);
  CHECK((mode_of(to.path + "/dir") & 07777) == 0710);
  CHECK((mode_of(to.path) & 07777) == 0751);
  CHECK(S_ISFIFO(mode_of(to.path + "/pipe")));
  CHECK(fs::read_symlink(to.path + "/escape") == outside.path); // kept as a link, not followed
  std::ifstream deep(to.path + "/dir/deep");
  std::string text((std::istreambuf_iterator<char>(deep)), {});
  CHECK(text == "deep");
  CHECK(fs::is_empty(outside.path));
  // A second copy into the same place fails on the first existing name, never overwrites.
  CHECK(runtime::copy_tree(src.get(), dst.get()) != "");
}
