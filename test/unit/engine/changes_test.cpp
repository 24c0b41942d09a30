#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/changes.hpp"

using namespace mydocker::engine;
namespace fs = std::filesystem;

namespace {

struct TempTree {
  fs::path root = fs::temp_directory_path() / ("changes-test-" + std::to_string(::getpid()));
  TempTree() { fs::create_directories(root); }
  ~TempTree() { fs::remove_all(root); }
  void file(const std::string& rel, const std::string& text = "x") {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
};

std::vector<std::pair<std::string, int>> plain(const std::vector<Change>& changes) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& c : changes)
    out.emplace_back(c.path, static_cast<int>(c.kind));
  return out;
}

} // namespace

TEST_CASE("overlay changes: modified, added, parents, engine mount points left out") {
  TempTree t;
  t.file("lower/etc/passwd", "root");
  t.file("lower/tmp/.keep");
  t.file("upper/etc/passwd", "root\nuser");
  t.file("upper/etc/hosts", "127.0.0.1 localhost"); // the engine's mount point
  t.file("upper/proc/.x");                          // likewise, with what is under it
  t.file("upper/tmp/new");
  t.file("upper/root/a/b");
  auto got = plain(overlay_changes((t.root / "upper").string(), {(t.root / "lower").string()}));
  std::vector<std::pair<std::string, int>> want = {{"/etc", 0},    {"/etc/passwd", 0}, {"/root", 1},
                                                   {"/root/a", 1}, {"/root/a/b", 1},   {"/tmp", 0},
                                                   {"/tmp/new", 1}};
  CHECK(got == want);
}

TEST_CASE("overlay changes: a directory changed only by the engine's files is not reported") {
  TempTree t;
  t.file("lower/etc/passwd");
  t.file("upper/etc/hosts");
  t.file("upper/etc/resolv.conf");
  CHECK(overlay_changes((t.root / "upper").string(), {(t.root / "lower").string()}).empty());
}
