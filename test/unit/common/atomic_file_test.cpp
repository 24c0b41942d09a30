#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "common/atomic_file.hpp"

using namespace mydocker;

TEST_CASE("write_file_atomic replaces content and leaves no temp file", "[atomic_file]") {
  char tmpl[] = "/tmp/mydocker-atomic-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  std::string path = dir + "/state.json";
  REQUIRE(write_file_atomic(path, "one"));
  REQUIRE(write_file_atomic(path, "two"));
  auto content = read_file(path);
  REQUIRE(content);
  CHECK(*content == "two");
  size_t entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir))
    ++entries;
  CHECK(entries == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("write_file_atomic into a missing directory fails with the call named", "[atomic_file]") {
  auto r = write_file_atomic("/nonexistent-dir-mydocker/x", "data");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::NotFound);
  CHECK(r.error().message.find("open /nonexistent-dir-mydocker/x") == 0);
}
