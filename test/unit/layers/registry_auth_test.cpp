#include <catch2/catch.hpp>

#include "common/base64.hpp"
#include "layers/registry/auth.hpp"
#include "layers/registry/registry_client.hpp"
#include "layers/registry_auth.hpp"

using namespace mydocker;
using namespace mydocker::layers;
using namespace mydocker::layers::registry;

TEST_CASE("WWW-Authenticate: Bearer with realm, service and scope", "[registry]") {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",)"
      R"(scope="repository:library/busybox:pull")");
  REQUIRE(c.size() == 1);
  CHECK(c[0].scheme == "bearer");
  CHECK(c[0].params["realm"] == "https://auth.docker.io/token");
  CHECK(c[0].params["service"] == "registry.docker.io");
  CHECK(c[0].params["scope"] == "repository:library/busybox:pull");
}

TEST_CASE("WWW-Authenticate: Basic, several challenges, odd spacing and escapes", "[registry]") {
  auto basic = parse_www_authenticate(R"(Basic realm="Registry Realm")");
  REQUIRE(basic.size() == 1);
  CHECK(basic[0].scheme == "basic");
  CHECK(basic[0].params["realm"] == "Registry Realm");
  auto two = parse_www_authenticate(
      R"(BEARER Realm = "http://127.0.0.1:1/t" , Service=reg, Basic realm="a \"q\"")");
  REQUIRE(two.size() == 2);
  CHECK(two[0].scheme == "bearer");
  CHECK(two[0].params["realm"] == "http://127.0.0.1:1/t");
  CHECK(two[0].params["service"] == "reg");
  CHECK(two[1].scheme == "basic");
  CHECK(two[1].params["realm"] == "a \"q\"");
  CHECK(parse_www_authenticate("").empty());
}

TEST_CASE("token URL: service and scopes escaped, the challenge's scope first", "[registry]") {
  Challenge c{
      "bearer",
      {{"realm", "https://a/token"}, {"service", "my reg"}, {"scope", "repository:x:pull"}}};
  CHECK(token_url(c, {"repository:x:pull", "repository:y:pull,push"}) ==
        "https://a/token?service=my%20reg&scope=repository%3Ax%3Apull"
        "&scope=repository%3Ay%3Apull%2Cpush");
  Challenge q{"bearer", {{"realm", "http://t/auth?x=1"}}};
  CHECK(token_url(q, {"repository:a/b:pull"}) ==
        "http://t/auth?x=1&scope=repository%3Aa%2Fb%3Apull");
  CHECK(repository_scope("library/busybox", false) == "repository:library/busybox:pull");
  CHECK(repository_scope("busybox", true) == "repository:busybox:pull,push");
}

TEST_CASE("token answers: token or access_token", "[registry]") {
  CHECK(token_from_answer(R"({"token":"abc","expires_in":300})") == "abc");
  CHECK(token_from_answer(R"({"access_token":"xyz"})") == "xyz");
  CHECK(token_from_answer(R"({"token":"","access_token":"xyz"})") == "xyz");
  CHECK(token_from_answer("not json").empty());
}

TEST_CASE("X-Registry-Auth: base64url JSON, padded or not; garbage is anonymous", "[registry]") {
  std::string json =
      R"({"username":"u","password":"p?>","serveraddress":"localhost:5000","identitytoken":"t"})";
  std::string url = base64_encode(json, Base64Alphabet::Url);
  std::string unpadded = url.substr(0, url.find('='));
  for (const auto& header : {url, unpadded, base64_encode(json)}) {
    RegistryAuth a = decode_registry_auth(header);
    CHECK(a.username == "u");
    CHECK(a.password == "p?>");
    CHECK(a.server_address == "localhost:5000");
    CHECK(a.identity_token == "t");
  }
  RegistryAuth from_auth =
      decode_registry_auth(base64_encode(R"({"auth":")" + base64_encode("me:se:cret") + R"("})"));
  CHECK(from_auth.username == "me");
  CHECK(from_auth.password == "se:cret");
  for (const char* bad : {"", "!!!", "e30", "bm90IGpzb24="}) { // "e30" = "{}", last = "not json"
    RegistryAuth a = decode_registry_auth(bad);
    CHECK(a.username.empty());
    CHECK(a.password.empty());
  }
}

TEST_CASE("base64 round trip and invalid input", "[registry]") {
  std::string out;
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\xff\xfe\x00", 3)}) {
    REQUIRE(base64_decode(base64_encode(s), out));
    CHECK(out == s);
  }
  CHECK(base64_encode("user:pass") == "dXNlcjpwYXNz");
  CHECK_FALSE(base64_decode("a", out));
  CHECK_FALSE(base64_decode("ab$d", out));
}

TEST_CASE("insecure registries: loopback, listed hosts and CIDRs", "[registry]") {
  CHECK(is_insecure_registry("localhost:5000", {}));
  CHECK(is_insecure_registry("127.0.0.1:5000", {}));
  CHECK(is_insecure_registry("127.3.4.5", {}));
  CHECK(is_insecure_registry("[::1]:5000", {}));
  CHECK_FALSE(is_insecure_registry("registry-1.docker.io", {}));
  CHECK_FALSE(is_insecure_registry("10.1.2.3:5000", {}));
  CHECK(is_insecure_registry("10.1.2.3:5000", {"10.0.0.0/8"}));
  CHECK(is_insecure_registry("myreg:5000", {"myreg:5000"}));
  CHECK(is_insecure_registry("myreg:5000", {"myreg"}));
  CHECK_FALSE(is_insecure_registry("myreg:5001", {"myreg:5000"}));
}

TEST_CASE("registry errors: first error, Docker's errcode text", "[registry]") {
  auto e = parse_registry_error(
      404, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]})");
  CHECK(e.code == "MANIFEST_UNKNOWN");
  CHECK(e.text() == "manifest unknown: manifest unknown");
  CHECK(parse_registry_error(401, "").text() == "unauthorized: authentication required");
}
