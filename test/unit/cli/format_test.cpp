#include <catch2/catch.hpp>

#include "cli/format.hpp"

using namespace mydocker::cli;

TEST_CASE("durations read like go-units HumanDuration", "[format]") {
  CHECK(human_duration(0) == "Less than a second");
  CHECK(human_duration(1) == "1 second");
  CHECK(human_duration(59) == "59 seconds");
  CHECK(human_duration(60) == "About a minute");
  CHECK(human_duration(45 * 60) == "45 minutes");
  CHECK(human_duration(3600) == "About an hour");
  CHECK(human_duration(5 * 3600) == "5 hours");
  CHECK(human_duration(3 * 86400) == "3 days");
}

TEST_CASE("sizes read like go-units HumanSize", "[format]") {
  CHECK(human_size(512) == "512B");
  CHECK(human_size(1'980'000) == "1.98MB");
  CHECK(human_size(4'270'000'000) == "4.27GB");
}

TEST_CASE("tables align like docker's tabwriter", "[format]") {
  Table t({"REPOSITORY", "TAG", "IMAGE ID"});
  t.add({"busybox", "latest", "b72b36176619"});
  CHECK(t.render() == "REPOSITORY   TAG       IMAGE ID\n"
                      "busybox      latest    b72b36176619\n");
}

TEST_CASE("tables count UTF-8 characters, not bytes", "[format]") {
  Table t({"COMMAND", "X"});
  t.add({"\"sh -c 'echo hello; \xe2\x80\xa6\"", "y"});
  CHECK(t.render() == "COMMAND                  X\n"
                      "\"sh -c 'echo hello; \xe2\x80\xa6\"   y\n");
}
