// Docker's default device cgroup rules and their text form.
#include "engine/runtime/device_rules.hpp"

#include <cstdlib>

namespace mydocker::runtime {

namespace {

DeviceRule char_device(int64_t major, int64_t minor, bool allow = true) {
  return DeviceRule{allow, "c", major, minor, "rwm"};
}

std::string number_text(int64_t n) {
  return n < 0 ? "*" : std::to_string(n);
}

// "*" or a decimal number; false on anything else.
bool parse_number(const std::string& text, int64_t& out) {
  if (text == "*") {
    out = -1;
    return true;
  }
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  out = std::atoll(text.c_str());
  return true;
}

bool valid_access(const std::string& access) {
  return !access.empty() && access.size() <= 3 &&
         access.find_first_not_of("rwm") == std::string::npos;
}

} // namespace

std::vector<DeviceRule> default_device_rules() {
  return {
      // moby oci/defaults.go: deny all, then zero, null, urandom, random, tty, console; no fuse.
      DeviceRule{false, "a", -1, -1, "rwm"},
      char_device(1, 5),
      char_device(1, 3),
      char_device(1, 9),
      char_device(1, 8),
      char_device(5, 0),
      char_device(5, 1),
      char_device(10, 229, false),
      // runc's specconv.AllowedDevices, appended to every container's rules: mknod of any node
      // (opening it is what the rules guard), full, pts, ptmx and tun.
      DeviceRule{true, "c", -1, -1, "m"},
      DeviceRule{true, "b", -1, -1, "m"},
      char_device(1, 3),
      char_device(1, 8),
      char_device(1, 7),
      char_device(5, 0),
      char_device(1, 5),
      char_device(1, 9),
      char_device(136, -1),
      char_device(5, 2),
      char_device(10, 200),
  };
}

std::vector<DeviceRule> plan_device_rules(bool privileged, const std::vector<DeviceRule>& extra) {
  if (privileged)
    return {DeviceRule{true, "a", -1, -1, "rwm"}};
  std::vector<DeviceRule> rules = default_device_rules();
  rules.insert(rules.end(), extra.begin(), extra.end());
  return rules;
}

std::string device_rule_text(const DeviceRule& rule) {
  return rule.type + " " + number_text(rule.major) + ":" + number_text(rule.minor) + " " +
         rule.access;
}

Result<DeviceRule> parse_device_rule(const std::string& text, bool allow) {
  auto invalid = [&] {
    return invalid_argument("invalid device cgroup rule format: '" + text + "'");
  };
  if (text == "a")
    return DeviceRule{allow, "a", -1, -1, "rwm"};
  size_t space = text.find(' ');
  size_t colon = text.find(':');
  size_t second = text.find(' ', space == std::string::npos ? 0 : space + 1);
  if (space != 1 || colon == std::string::npos || second == std::string::npos || colon > second)
    return invalid();
  DeviceRule rule{allow, text.substr(0, 1), -1, -1, text.substr(second + 1)};
  if ((rule.type != "a" && rule.type != "b" && rule.type != "c") || !valid_access(rule.access) ||
      !parse_number(text.substr(2, colon - 2), rule.major) ||
      !parse_number(text.substr(colon + 1, second - colon - 1), rule.minor))
    return invalid();
  return rule;
}

} // namespace mydocker::runtime
