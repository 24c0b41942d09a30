#include <catch2/catch.hpp>

#include "builder/dockerfile_parser.hpp"

using namespace mydocker::builder;

TEST_CASE("instructions, comments and continuations", "[builder]") {
  auto df = parse_dockerfile("# a comment\nFROM busybox AS base\n\nrun echo a \\\n"
                             "  # inside\n   && echo b\nCMD [\"sh\", \"-c\", \"x\"]\n");
  REQUIRE(df);
  REQUIRE(df->instructions.size() == 3);
  CHECK(df->instructions[0].keyword == "FROM");
  CHECK(df->instructions[0].rest == "busybox AS base");
  CHECK(df->instructions[0].line == 2);
  CHECK(df->instructions[1].keyword == "RUN");
  CHECK(df->instructions[1].rest == "echo a    && echo b");
  CHECK(df->instructions[1].line == 4);
  CHECK_FALSE(df->instructions[1].exec_form);
  CHECK(df->instructions[2].exec_form);
  CHECK(df->instructions[2].exec_args == std::vector<std::string>{"sh", "-c", "x"});
}

TEST_CASE("escape and syntax directives", "[builder]") {
  auto df = parse_dockerfile("# escape=`\n# syntax=docker/dockerfile:1\nFROM x\nRUN a `\n b\n");
  REQUIRE(df);
  CHECK(df->escape == '`');
  CHECK(df->warnings.size() == 1);
  CHECK(df->instructions[1].rest == "a  b");
  // a directive after an instruction is only a comment
  auto late = parse_dockerfile("FROM x\n# escape=`\nRUN a \\\n b\n");
  REQUIRE(late);
  CHECK(late->escape == '\\');
  CHECK(late->instructions.size() == 2);
}

TEST_CASE("flags and JSON forms", "[builder]") {
  auto df = parse_dockerfile("FROM x\nCOPY --from=build --chown=1:2 /a /b\nCMD [not json\n"
                             "CMD [\"a\", 1]\n");
  REQUIRE(df);
  const auto& copy = df->instructions[1];
  CHECK(copy.flags == std::vector<std::string>{"--from=build", "--chown=1:2"});
  CHECK(copy.rest == "/a /b");
  std::string from;
  CHECK(find_flag(copy, "from", from));
  CHECK(from == "build");
  CHECK_FALSE(find_flag(copy, "chmod", from));
  CHECK_FALSE(df->instructions[2].exec_form);
  CHECK_FALSE(df->instructions[3].exec_form); // not all strings: shell form
}

TEST_CASE("parse errors name the line and the instruction", "[builder]") {
  auto df = parse_dockerfile("FROM x\n\nFOO bar\n");
  REQUIRE_FALSE(df);
  CHECK(df.error().message == "dockerfile parse error line 3: unknown instruction: FOO");
  auto empty = parse_dockerfile("FROM x\nWORKDIR\n");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message ==
        "dockerfile parse error line 2: WORKDIR requires exactly one argument");
  auto bad = parse_dockerfile("# escape=x\nFROM x\n");
  REQUIRE_FALSE(bad);
}
