// The step cache: records survive a reload, a deleted image's records go, prune empties it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "builder/build_cache.hpp"

using namespace mydocker::builder;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("build-cache-" + std::to_string(::getpid()));
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("build cache records survive a reload and skip leftovers", "[builder]") {
  TempDir dir;
  {
    BuildCache cache(dir.path);
    REQUIRE(cache.init());
    REQUIRE(cache.put("parent\nRUN a", "sha256:aaa"));
    REQUIRE(cache.put("parent\nRUN b", "sha256:bbb"));
    CHECK(cache.get("parent\nRUN a") == "sha256:aaa");
  }
  std::ofstream(dir.path / "abc.tmp-1-2") << "sha256:partial"; // a cut-short write
  std::ofstream(dir.path / "empty");
  BuildCache reloaded(dir.path);
  REQUIRE(reloaded.init());
  CHECK(reloaded.size() == 2);
  CHECK(reloaded.get("parent\nRUN b") == "sha256:bbb");
  CHECK_FALSE(reloaded.get("parent\nRUN c"));
  CHECK_FALSE(fs::exists(dir.path / "abc.tmp-1-2"));
  CHECK_FALSE(fs::exists(dir.path / "empty"));
}

TEST_CASE("a deleted image's records go; clear reports what it removed", "[builder]") {
  TempDir dir;
  BuildCache cache(dir.path);
  REQUIRE(cache.init());
  REQUIRE(cache.put("k1", "sha256:gone"));
  REQUIRE(cache.put("k2", "sha256:gone"));
  REQUIRE(cache.put("k3", "sha256:kept"));
  cache.forget_image("sha256:gone");
  CHECK_FALSE(cache.get("k1"));
  CHECK_FALSE(cache.get("k2"));
  CHECK(cache.get("k3") == "sha256:kept");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
  auto [names, bytes] = cache.clear();
  CHECK(names == std::vector<std::string>{sha256_hex("k3")});
  CHECK(bytes == int64_t(std::string("sha256:kept").size()));
  CHECK_FALSE(cache.get("k3"));
  CHECK(cache.size() == 0);
}
