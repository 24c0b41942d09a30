#include <catch2/catch.hpp>

#include "api/server/http_text.hpp"

using namespace mydocker::api;

TEST_CASE("query strings decode, keep repeated keys", "[http]") {
  Query q = parse_query("names=a&names=b%2Fc&filters=%7B%22a%22%3A1%7D&t=x+y&flag");
  CHECK(q.all("names") == std::vector<std::string>{"a", "b/c"});
  CHECK(q.get("filters") == "{\"a\":1}");
  CHECK(q.get("t") == "x y");
  CHECK(q.has("flag"));
  CHECK_FALSE(q.has("missing"));
}

TEST_CASE("query booleans follow Docker", "[http]") {
  Query q = parse_query("a=1&b=true&c=True&d=0&e=false&f=False&g=&h=no");
  for (auto key : {"a", "b", "c"})
    CHECK(q.get_bool(key));
  for (auto key : {"d", "e", "f", "g", "h"})
    CHECK_FALSE(q.get_bool(key, true));
  CHECK(q.get_bool("missing", true));
  CHECK(parse_query("n=-1").get_int("n").value() == -1);
  CHECK_FALSE(parse_query("n=x").get_int("n"));
}

TEST_CASE("header tokens match case-insensitively in lists", "[http]") {
  CHECK(header_has_token("keep-alive, Upgrade", "upgrade"));
  CHECK(header_has_token("100-continue", "100-continue"));
  CHECK_FALSE(header_has_token("upgraded", "upgrade"));
  CHECK(percent_decode("a%20b+c", false) == "a b+c");
}
