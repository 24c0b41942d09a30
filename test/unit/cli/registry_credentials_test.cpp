#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/registry_credentials.hpp"
#include "common/atomic_file.hpp"
#include "common/base64.hpp"

using namespace mydocker;
using namespace mydocker::cli;

TEST_CASE("CLI references: registry, normalized form, name-only", "[registry]") {
  CHECK(registry_of("busybox") == "docker.io");
  CHECK(registry_of("team/app:1") == "docker.io");
  CHECK(registry_of("localhost:5000/a/b:1") == "localhost:5000");
  CHECK(registry_of("localhost/app") == "localhost");
  CHECK(normalized_reference("busybox") == "docker.io/library/busybox:latest");
  CHECK(normalized_reference("team/app:1") == "docker.io/team/app:1");
  CHECK(normalized_reference("127.0.0.1:5000/bb") == "127.0.0.1:5000/bb:latest");
  CHECK(normalized_reference("127.0.0.1:5000/bb@sha256:ab") == "127.0.0.1:5000/bb@sha256:ab");
  CHECK(is_name_only("localhost:5000/bb"));
  CHECK_FALSE(is_name_only("localhost:5000/bb:1"));
  CHECK_FALSE(is_name_only("bb@sha256:ab"));
  CHECK(server_hostname("https://index.docker.io/v1/") == "docker.io");
  CHECK(server_hostname("http://localhost:5000/v2/") == "localhost:5000");
  CHECK(server_hostname("localhost:5000") == "localhost:5000");
}

TEST_CASE("credentials: Docker's config.json, X-Registry-Auth, logout", "[registry]") {
  auto dir =
      std::filesystem::temp_directory_path() / ("mdt-cli-config-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ::setenv("MYDOCKER_CONFIG", dir.c_str(), 1);
  CHECK(registry_auth_headers("localhost:5000").empty());
  REQUIRE(store_credentials("https://localhost:5000", "me", "p:w"));
  auto config = nlohmann::json::parse(read_file(config_file_path()).value());
  CHECK(config["auths"]["https://localhost:5000"]["auth"] == base64_encode("me:p:w"));
  auto headers = registry_auth_headers("localhost:5000");
  REQUIRE(headers.count("X-Registry-Auth"));
  std::string decoded;
  REQUIRE(base64_decode(headers["X-Registry-Auth"], decoded));
  auto auth = nlohmann::json::parse(decoded);
  CHECK(auth["username"] == "me");
  CHECK(auth["password"] == "p:w");
  CHECK(auth["serveraddress"] == "https://localhost:5000");
  CHECK(registry_auth_headers("other:5000").empty());
  CHECK(erase_credentials("localhost:5000").value());
  CHECK_FALSE(erase_credentials("localhost:5000").value());
  CHECK(registry_auth_headers("localhost:5000").empty());
  ::unsetenv("MYDOCKER_CONFIG");
  std::filesystem::remove_all(dir);
}
