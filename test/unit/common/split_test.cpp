#include <catch2/catch.hpp>

#include "common/split.hpp"

using namespace mydocker;
using Parts = std::vector<std::string>;

TEST_CASE("split ends like getline: a trailing separator adds no empty field", "[split]") {
  CHECK(split("a:b:", ':') == Parts{"a", "b"});
  CHECK(split("a::b", ':') == Parts{"a", "", "b"});
  CHECK(split("", ':').empty());
}

TEST_CASE("path_elements keeps only the non-empty elements", "[split]") {
  CHECK(path_elements("/a//b/") == Parts{"a", "b"});
  CHECK(path_elements("a/./..") == Parts{"a", ".", ".."}); // no cleaning
  CHECK(path_elements("").empty());
  CHECK(path_elements("///").empty());
}
