// User and group resolution from the container's passwd and group texts (runc's rules).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/runtime/user_lookup.hpp"

using namespace mydocker::runtime;

namespace {

const std::string PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
                           "# a comment\n"
                           "broken line\n"
                           "app:x:1000:1000::/home/app:/bin/sh\n"
                           "svc:x:1001:1000::/:/bin/sh\n";
const std::string GROUP = "root:x:0:\n"
                          "wheel:x:10:root,app\n"
                          "app:x:1000:\n"
                          "audio:x:29:app\n"
                          "users:x:100:\n";

ResolvedUser resolve(const std::string& user, std::vector<std::string> add = {}) {
  auto r = resolve_user(user, add, PASSWD, GROUP);
  REQUIRE(r);
  return *r;
}

std::string error_of(const std::string& user, std::vector<std::string> add = {},
                     std::optional<std::string> passwd = PASSWD) {
  auto r = resolve_user(user, add, passwd, GROUP);
  REQUIRE_FALSE(r);
  return r.error().message;
}

} // namespace

TEST_CASE("user by name, uid, uid:gid, name:group, uid:groupname", "[runtime][user]") {
  auto app = resolve("app");
  CHECK(app.uid == 1000);
  CHECK(app.gid == 1000);
  CHECK(app.additional_gids == std::vector<uint32_t>{10, 29}); // member of wheel and audio
  CHECK(resolve("1000").additional_gids == std::vector<uint32_t>{10, 29});
  auto unknown_uid = resolve("4242");
  CHECK(unknown_uid.uid == 4242);
  CHECK(unknown_uid.gid == 0);
  CHECK(unknown_uid.additional_gids.empty());
  auto explicit_gid = resolve("app:7");
  CHECK(explicit_gid.gid == 7);
  CHECK(explicit_gid.additional_gids.empty()); // only the implicit form adds memberships
  CHECK(resolve("svc:audio").gid == 29);
  CHECK(resolve("1001:users").gid == 100);
  auto root = resolve("");
  CHECK(root.uid == 0);
  CHECK(root.additional_gids == std::vector<uint32_t>{10});
}

TEST_CASE("added groups by name or number, deduplicated", "[runtime][user]") {
  auto r = resolve("app", {"users", "29", "5000"});
  CHECK(r.additional_gids == std::vector<uint32_t>{10, 29, 100, 5000});
}

TEST_CASE("Docker's errors for unknown users and groups", "[runtime][user]") {
  CHECK(error_of("nobody") == "unable to find user nobody: no matching entries in passwd file");
  CHECK(error_of("app:nogroup") ==
        "unable to find group nogroup: no matching entries in group file");
  CHECK(error_of("app", {"nosuch"}) ==
        "Unable to find group nosuch: no matching entries in group file");
  // No passwd file at all: a name cannot be found, a number still works.
  CHECK(error_of("app", {}, std::nullopt) ==
        "unable to find user app: no matching entries in passwd file");
  CHECK(resolve_user("12:34", {}, std::nullopt, std::nullopt)->gid == 34);
  CHECK(error_of("99999999999") ==
        "unable to find user 99999999999: no matching entries in passwd file");
}

TEST_CASE("only regular files are read, and only so much of them", "[runtime][user]") {
  char tmpl[] = "/tmp/mydocker-user-XXXXXX";
  std::string dir = ::mkdtemp(tmpl);
  std::ofstream(dir + "/passwd") << PASSWD;
  REQUIRE(::mkfifo((dir + "/fifo").c_str(), 0600) == 0);
  std::filesystem::create_symlink("/dev/zero", dir + "/zero");
  CHECK(read_regular_file(dir + "/passwd") == PASSWD);
  CHECK(read_regular_file(dir + "/passwd", 4) == "root");
  CHECK_FALSE(read_regular_file(dir + "/fifo")); // would block a plain open
  CHECK_FALSE(read_regular_file(dir + "/zero")); // endless
  CHECK_FALSE(read_regular_file(dir + "/missing"));
  CHECK_FALSE(read_regular_file(dir));
  std::filesystem::remove_all(dir);
}
