#include <catch2/catch.hpp>

#include "builder/dockerignore.hpp"

using namespace mydocker::builder;

TEST_CASE("clean_path", "[builder]") {
  CHECK(clean_path("a//b/./c/../d") == "a/b/d");
  CHECK(clean_path("") == ".");
  CHECK(clean_path("../x") == "../x");
  CHECK(clean_path("/../x") == "/x");
  CHECK(clean_path("a/../..") == "..");
}

TEST_CASE(".dockerignore patterns", "[builder]") {
  auto rules = IgnoreRules::parse("# comment\n*.log\n!keep.log\nsecret/\n**/*.tmp\n/build\n"
                                  "docs/**/draft*\n");
  REQUIRE(rules);
  CHECK(rules->excluded("a.log"));
  CHECK_FALSE(rules->excluded("keep.log"));
  CHECK_FALSE(rules->excluded("sub/a.log")); // * stays within one element
  CHECK(rules->excluded("secret"));
  CHECK(rules->excluded("secret/key")); // below an excluded directory
  CHECK(rules->excluded("x.tmp"));
  CHECK(rules->excluded("a/b/c.tmp"));
  CHECK(rules->excluded("build/out"));
  CHECK(rules->excluded("docs/draft1"));
  CHECK(rules->excluded("docs/a/b/draft2"));
  CHECK_FALSE(rules->excluded("docs/final"));
  CHECK_FALSE(rules->excluded("main.py"));
}

TEST_CASE("the last matching pattern wins", "[builder]") {
  auto rules = IgnoreRules::parse("*\n!app\napp/cache\n");
  REQUIRE(rules);
  CHECK(rules->excluded("Dockerfile"));
  CHECK_FALSE(rules->excluded("app/main.py"));
  CHECK(rules->excluded("app/cache/x"));
  CHECK(rules->excluded("te?t") == rules->excluded("test"));
}
