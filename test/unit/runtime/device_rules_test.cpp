// Docker's default device rules, --privileged, the rule text and Docker's rule syntax.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/runtime/device_rules.hpp"

using namespace mydocker::runtime;

namespace {

std::vector<std::string> texts(const std::vector<DeviceRule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules)
    out.push_back(std::string(r.allow ? "allow " : "deny ") + device_rule_text(r));
  return out;
}

} // namespace

TEST_CASE("the default rules are moby's spec list followed by runc's allowed devices") {
  CHECK(texts(default_device_rules()) ==
        std::vector<std::string>{
            "deny a *:* rwm", "allow c 1:5 rwm", "allow c 1:3 rwm", "allow c 1:9 rwm",
            "allow c 1:8 rwm", "allow c 5:0 rwm", "allow c 5:1 rwm", "deny c 10:229 rwm",
            "allow c *:* m", "allow b *:* m", "allow c 1:3 rwm", "allow c 1:8 rwm",
            "allow c 1:7 rwm", "allow c 5:0 rwm", "allow c 1:5 rwm", "allow c 1:9 rwm",
            "allow c 136:* rwm", "allow c 5:2 rwm", "allow c 10:200 rwm"});
}

TEST_CASE("no default rule lets a container read or write a block device") {
  for (const auto& r : default_device_rules())
    if (r.allow && r.type != "c")
      CHECK(r.access == "m");
}

TEST_CASE("a privileged container gets every device and nothing else") {
  CHECK(texts(plan_device_rules(true, {DeviceRule{false, "c", 1, 3, "r"}})) ==
        std::vector<std::string>{"allow a *:* rwm"});
}

TEST_CASE("a container's own rules come after the defaults") {
  auto rules = plan_device_rules(false, {DeviceRule{true, "b", 8, 0, "r"}});
  REQUIRE(rules.size() == default_device_rules().size() + 1);
  CHECK(device_rule_text(rules.back()) == "b 8:0 r");
  CHECK(texts(plan_device_rules(false, {})) == texts(default_device_rules()));
}

TEST_CASE("Docker's --device-cgroup-rule syntax parses") {
  auto rule = parse_device_rule("c 1:3 rwm", true);
  REQUIRE(rule);
  CHECK(rule->type == "c");
  CHECK(rule->major == 1);
  CHECK(rule->minor == 3);
  CHECK(rule->access == "rwm");
  auto wild = parse_device_rule("b *:* m", false);
  REQUIRE(wild);
  CHECK(wild->major == -1);
  CHECK(wild->minor == -1);
  CHECK(!wild->allow);
  CHECK(parse_device_rule("a", true)->access == "rwm");
}

TEST_CASE("malformed device rules are refused with Docker's message") {
  for (const char* bad :
       {"", "x 1:3 rwm", "c 1:3", "c 1-3 rwm", "c a:3 rwm", "c 1:3 rwx", "c 1:3 ", "cc 1:3 rwm"}) {
    auto rule = parse_device_rule(bad, true);
    REQUIRE_FALSE(rule);
    CHECK(rule.error().message == std::string("invalid device cgroup rule format: '") + bad + "'");
  }
}
