#include <catch2/catch.hpp>

#include "api/server/error_status.hpp"
#include "api/server/version_gate.hpp"

using namespace mydocker;
using namespace mydocker::api;

TEST_CASE("version prefixes are split off the path", "[version]") {
  auto v = split_version_prefix("/v1.44/containers/json");
  CHECK(v.path == "/containers/json");
  CHECK(v.version == "1.44");
  auto none = split_version_prefix("/volumes/v1");
  CHECK(none.path == "/volumes/v1");
  CHECK(none.version.empty());
}

TEST_CASE("versions compare by component and are gated like dockerd", "[version]") {
  CHECK(*parse_api_version("1.9") < *parse_api_version("1.10"));
  CHECK(check_api_version("").value() == MAX_API_VERSION);
  CHECK(check_api_version("1.41").value() == ApiVersion{1, 41});
  CHECK(check_api_version("1.50").error().message ==
        "client version 1.50 is too new. Maximum supported API version is 1.44");
  CHECK(check_api_version("1.20").error().message ==
        "client version 1.20 is too old. Minimum supported API version is 1.24, please upgrade "
        "your client to a "
        "newer version");
  CHECK_FALSE(check_api_version("x.y"));
}

TEST_CASE("error kinds map to Docker's status codes", "[errors]") {
  CHECK(http_status(Errc::InvalidArgument) == 400);
  CHECK(http_status(Errc::NotFound) == 404);
  CHECK(http_status(Errc::Conflict) == 409);
  CHECK(http_status(Errc::NotModified) == 304);
  CHECK(http_status(Errc::Internal) == 500);
  CHECK(error_body("No such container: x") == "{\"message\":\"No such container: x\"}\n");
}
