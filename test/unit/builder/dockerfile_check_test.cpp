#include <catch2/catch.hpp>

#include "builder/dockerfile_check.hpp"

using namespace mydocker::builder;

namespace {
std::string check_error(const char* text) {
  auto df = parse_dockerfile(text);
  if (!df)
    return df.error().message;
  auto checked = check_dockerfile(*df);
  return checked ? "" : checked.error().message;
}
} // namespace

TEST_CASE("parse-time checks use dockerd's words", "[builder]") {
  CHECK(check_error("FROM x\nCOPY f\n") ==
        "dockerfile parse error line 2: COPY requires at least two arguments, but only one was "
        "provided. Destination could not be determined");
  CHECK(check_error("FROM x\nADD [\"a\"]\n").find("ADD requires at least two") !=
        std::string::npos);
  CHECK(check_error("FROM x\nENV A=1 B\n") ==
        "failed to parse Dockerfile: Syntax error - can't find = in \"B\". Must be of the form: "
        "name=value");
  CHECK(check_error("FROM x\nUSER\n") ==
        "dockerfile parse error line 2: USER requires exactly one argument");
  CHECK(check_error("FROM x\nCOPY a b\nENV A=1 B=\"2 3\"\nLABEL x y\n") == "");
}
