#include <catch2/catch.hpp>

#include "api/server/router.hpp"

using namespace mydocker::api;

namespace {
Handler tagged(int* hit, int value) {
  return [hit, value](Request&, Responder&) -> asio::awaitable<void> {
    *hit = value;
    co_return;
  };
}
Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}
} // namespace

TEST_CASE("routes capture single and multi-segment parameters", "[router]") {
  Router router;
  int hit = 0;
  router.add("GET", "/containers/{id}/json", tagged(&hit, 1));
  router.add("GET", "/images/{name*}/json", tagged(&hit, 2));
  router.add("DELETE", "/images/{name*}", tagged(&hit, 3));

  auto a = request("GET", "/containers/abc/json");
  REQUIRE(router.match(a));
  CHECK(a.params["id"] == "abc");

  auto b = request("GET", "/images/localhost:5000/team/app:1/json");
  REQUIRE(router.match(b));
  CHECK(b.params["name"] == "localhost:5000/team/app:1");

  auto c = request("DELETE", "/images/busybox");
  REQUIRE(router.match(c));
  CHECK(c.params["name"] == "busybox");
}

TEST_CASE("GET routes answer HEAD, other mismatches find nothing", "[router]") {
  Router router;
  int hit = 0;
  router.add("GET", "/_ping", tagged(&hit, 1));
  auto head = request("HEAD", "/_ping");
  CHECK(router.match(head));
  auto post = request("POST", "/_ping");
  CHECK_FALSE(router.match(post));
  auto deeper = request("GET", "/_ping/extra");
  CHECK_FALSE(router.match(deeper));
}
