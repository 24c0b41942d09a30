// COPY's file operations on a temp tree (no root needed): nothing leaves its root.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "builder/confined_fs.hpp"

using namespace mydocker;
using namespace mydocker::builder;
namespace fs = std::filesystem;

namespace {

struct TempTree {
  fs::path root = fs::temp_directory_path() / ("confined-" + std::to_string(::getpid()));
  TempTree() {
    fs::remove_all(root);
    fs::create_directories(root / "ctx" / "dir" / "sub");
    fs::create_directories(root / "dst");
    fs::create_directories(root / "outside");
    write("ctx/a.txt", "A");
    write("ctx/dir/b.py", "B");
    write("ctx/dir/sub/c.py", "C");
    write("outside/secret", "S");
  }
  ~TempTree() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root / rel) << text; }
  Fd open(const std::string& rel) {
    return Fd(::open((root / rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
};

} // namespace

TEST_CASE("symlinks resolve inside the root", "[builder]") {
  TempTree t;
  fs::create_symlink(t.root / "outside" / "secret", t.root / "ctx" / "abs-link");
  fs::create_symlink("../../outside/secret", t.root / "ctx" / "rel-link");
  Fd ctx = t.open("ctx");
  CHECK_FALSE(open_in_root(ctx.get(), "abs-link", O_RDONLY));
  CHECK_FALSE(open_in_root(ctx.get(), "rel-link", O_RDONLY));
  CHECK_FALSE(open_in_root(ctx.get(), "../outside/secret", O_RDONLY));
  CHECK(open_in_root(ctx.get(), "/a.txt", O_RDONLY));
}

TEST_CASE("directories are created inside the root, through in-root symlinks", "[builder]") {
  TempTree t;
  fs::create_symlink(t.root / "outside", t.root / "dst" / "escape"); // an image's symlinks
  fs::create_directories(t.root / "dst" / "inner");
  fs::create_symlink("/inner", t.root / "dst" / "abs");
  Fd dst = t.open("dst");
  Ownership me{::getuid(), ::getgid(), {}};
  (void)make_dirs_in_root(dst.get(), "/escape/new", me); // may fail; must not leave the root
  CHECK_FALSE(fs::exists(t.root / "outside" / "new"));
  REQUIRE(make_dirs_in_root(dst.get(), "/abs/new", me));
  CHECK(fs::is_directory(t.root / "dst" / "inner" / "new"));
}

TEST_CASE("copy_tree copies files and trees, links as links", "[builder]") {
  TempTree t;
  fs::create_symlink(t.root / "outside" / "secret", t.root / "ctx" / "dir" / "link");
  Fd ctx = t.open("ctx");
  Fd dst = t.open("dst");
  Ownership me{::getuid(), ::getgid(), 0750}; // --chmod: files and directories alike
  REQUIRE(copy_tree(ctx.get(), "dir", dst.get(), "copy", me));
  CHECK(fs::is_regular_file(t.root / "dst" / "copy" / "sub" / "c.py"));
  CHECK(fs::is_symlink(t.root / "dst" / "copy" / "link")); // never followed below the source
  CHECK((fs::status(t.root / "dst" / "copy" / "b.py").permissions() & fs::perms::all) ==
        (fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec));
  CHECK((fs::status(t.root / "dst" / "copy").permissions() & fs::perms::all) ==
        (fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec));
}

TEST_CASE("globs and checksums", "[builder]") {
  TempTree t;
  Fd ctx = t.open("ctx");
  auto matches = glob_in_root(ctx.get(), "dir/*.py");
  REQUIRE(matches);
  CHECK(*matches == std::vector<std::string>{"dir/b.py"});
  auto all = glob_in_root(ctx.get(), "*/sub/*");
  REQUIRE(all);
  CHECK(*all == std::vector<std::string>{"dir/sub/c.py"});
  std::string before = *tree_checksum(ctx.get(), "dir");
  CHECK(before == *tree_checksum(ctx.get(), "dir"));
  t.write("ctx/dir/sub/c.py", "changed");
  CHECK(before != *tree_checksum(ctx.get(), "dir"));
}
