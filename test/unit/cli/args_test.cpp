#include <catch2/catch.hpp>

#include "cli/args.hpp"
#include "common/percent_encode.hpp"

using namespace mydocker::cli;

static const std::vector<FlagSpec> FLAGS = {
    {"a", "all", false}, {"q", "quiet", false}, {"c", "change", true}};

TEST_CASE("docker-style flags: long, short, combined, repeated, inline", "[args]") {
  auto r = parse_args({"-aq", "img", "--change", "CMD x", "-c=ENV A=1", "--all=false"}, FLAGS);
  REQUIRE(r);
  CHECK(r->has("quiet"));
  CHECK(r->all("change") == std::vector<std::string>{"CMD x", "ENV A=1"});
  CHECK(r->last("all") == "false");
  CHECK(r->positionals == std::vector<std::string>{"img"});
}

TEST_CASE("parsing can stop at the first positional (run busybox ls -l)", "[args]") {
  auto r = parse_args({"-a", "busybox", "ls", "-l"}, FLAGS, true);
  REQUIRE(r);
  CHECK(r->positionals == std::vector<std::string>{"busybox", "ls", "-l"});
}

TEST_CASE("unknown flags and missing values are errors", "[args]") {
  CHECK(parse_args({"--nope"}, FLAGS).error().message == "unknown flag: --nope");
  CHECK_FALSE(parse_args({"-c"}, FLAGS));
}

TEST_CASE("query values are percent-encoded", "[args]") {
  CHECK(mydocker::percent_encode("CMD [\"sh\"]") == "CMD%20%5B%22sh%22%5D");
}
