#include <catch2/catch.hpp>

#include "engine/container_top.hpp"

using namespace mydocker::engine;

TEST_CASE("top: /proc/<pid>/stat with spaces and parentheses in the name", "[engine][top]") {
  std::string text = "4242 (my (odd) name) S 17 4242 4242 34816 4242 4194560 100 0 0 0 "
                     "250 50 0 0 20 0 1 0 123456 1000 10 0 0 0";
  auto s = parse_proc_stat(text);
  REQUIRE(s);
  CHECK(s->pid == 4242);
  CHECK(s->comm == "my (odd) name");
  CHECK(s->ppid == 17);
  CHECK(s->tty_nr == 34816);
  CHECK(s->cpu_ticks == 300);
  CHECK(s->start_ticks == 123456);
  CHECK_FALSE(parse_proc_stat("garbage"));
}

TEST_CASE("top: ps -ef's TIME, TTY and STIME columns", "[engine][top]") {
  CHECK(format_cpu_time(0) == "00:00:00");
  CHECK(format_cpu_time(3723) == "01:02:03");
  CHECK(format_cpu_time(90061) == "1-01:01:01");
  CHECK(tty_name(0) == "?");
  CHECK(tty_name(34816) == "pts/0"); // major 136, minor 0
  CHECK(tty_name(34817) == "pts/1");
  CHECK(format_start_time(1000, 1000 + 60).size() == 5);        // HH:MM
  CHECK(format_start_time(1000, 1000 + 3 * 86400).size() == 5); // MonDD
  CHECK(format_start_time(1000, 1000 + 400 * 86400) == "1970"); // year
}

TEST_CASE("top: ps output keeps the container's PIDs, the command with its spaces",
          "[engine][top]") {
  std::string ps = "  PID USER     COMMAND\n"
                   "    1 root     /sbin/init splash\n"
                   "  200 root     sleep 600\n"
                   "  201 nobody   sh -c echo  hi\n";
  auto top = filter_ps_output(ps, {200, 201});
  REQUIRE(top);
  CHECK(top->titles == std::vector<std::string>{"PID", "USER", "COMMAND"});
  REQUIRE(top->processes.size() == 2);
  CHECK(top->processes[0] == std::vector<std::string>{"200", "root", "sleep 600"});
  CHECK(top->processes[1] == std::vector<std::string>{"201", "nobody", "sh -c echo hi"});
  CHECK_FALSE(filter_ps_output("USER COMMAND\nroot x\n", {1}));
}
