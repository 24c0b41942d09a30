#include <catch2/catch.hpp>

#include "engine/container_path.hpp"

using namespace mydocker::engine;

TEST_CASE("container paths split as Docker's ResolvePath does", "[cp]") {
  auto p = split_container_path("etc/passwd");
  CHECK(p.abs == "/etc/passwd");
  CHECK(p.dir == "/etc/");
  CHECK(p.base == "passwd");
  CHECK(p.name == "passwd");
  p = split_container_path("/etc/");
  CHECK((p.abs == "/etc/" && p.dir == "/etc/" && p.base.empty() && p.name == "etc"));
  p = split_container_path("/etc/.");
  CHECK((p.abs == "/etc/." && p.base == "." && p.name == "."));
  p = split_container_path("/../../etc/../tmp");
  CHECK((p.abs == "/tmp" && p.dir == "/"));
  p = split_container_path("/");
  CHECK((p.abs == "/" && p.base.empty() && p.name == "/"));
}

TEST_CASE("st_mode becomes Go's FileMode bits", "[cp]") {
  CHECK(go_file_mode(S_IFDIR | 0755) == ((int64_t{1} << 31) | 0755));
  CHECK(go_file_mode(S_IFLNK | 0777) == ((int64_t{1} << 27) | 0777));
  CHECK(go_file_mode(S_IFREG | 04755) == ((int64_t{1} << 23) | 0755));
  CHECK(go_file_mode(S_IFCHR | 0666) == ((int64_t{1} << 26) | (int64_t{1} << 21) | 0666));
  CHECK(go_file_mode(S_IFDIR | 01777) == ((int64_t{1} << 31) | (int64_t{1} << 20) | 0777));
}
