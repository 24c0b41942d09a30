#include <catch2/catch.hpp>

#include "api/types/detach_keys.hpp"

using namespace mydocker;
using namespace mydocker::api;

TEST_CASE("detach keys parse as the docker CLI's term.ToBytes") {
  CHECK(*parse_detach_keys("ctrl-p,ctrl-q") == "\x10\x11");
  CHECK(*parse_detach_keys("a,CTRL-A,ctrl-@,ctrl-[") == std::string("a\x01\0\x1b", 4));
  auto bad = parse_detach_keys("ctrl-1");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == Errc::InvalidArgument);
  CHECK(bad.error().message == "Invalid detach keys (ctrl-1) provided");
  CHECK_FALSE(parse_detach_keys("shift-a"));
}

TEST_CASE("the scanner passes ordinary input and detaches on the whole sequence") {
  DetachScanner scanner("\x10\x11");
  bool detached = false;
  CHECK(scanner.feed("ls\n", detached) == "ls\n");
  CHECK_FALSE(detached);
  CHECK(scanner.feed("x\x10", detached) == "x");
  CHECK_FALSE(detached);
  CHECK(scanner.feed("\x11tail", detached) == "");
  CHECK(detached);
}

TEST_CASE("a false start is passed on to the program") {
  DetachScanner scanner("\x10\x11");
  bool detached = false;
  CHECK(scanner.feed("\x10"
                     "a",
                     detached) == "\x10"
                                  "a");
  CHECK(scanner.feed("\x10\x10", detached) == "\x10");
  CHECK(scanner.feed("\x11", detached) == "");
  CHECK(detached);
}
