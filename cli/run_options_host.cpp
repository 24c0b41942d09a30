#include "cli/run_options_host.hpp"

#include <cstdlib>

#include "cli/run_options.hpp"
#include "common/split.hpp"

namespace mydocker::cli {

using nlohmann::json;

namespace {

bool valid_device_mode(const std::string& mode) {
  return !mode.empty() && mode.size() <= 3 && mode.find_first_not_of("rwm") == std::string::npos;
}

Result<int64_t> parse_integer(const std::string& text, const std::string& flag) {
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0')
    return invalid_argument("invalid argument \"" + text + "\" for \"--" + flag + "\" flag");
  return static_cast<int64_t>(value);
}

// "/dev/sda:200" (weight), "/dev/sda:1mb" (bytes) or "/dev/sda:1000" (iops).
Result<json> path_and_number(const std::string& text, const std::string& key, bool bytes) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return invalid_argument("bad format: " + text);
  std::string number = text.substr(colon + 1);
  int64_t value = bytes ? TRY(parse_bytes(number)) : TRY(parse_integer(number, key));
  return json{{"Path", text.substr(0, colon)}, {key, value}};
}

Result<void> add_blkio_options(const ParsedArgs& a, json& hc) {
  if (a.has("blkio-weight"))
    hc["BlkioWeight"] = TRY(parse_integer(a.last("blkio-weight"), "blkio-weight"));
  for (const auto& w : a.all("blkio-weight-device"))
    hc["BlkioWeightDevice"].push_back(TRY(path_and_number(w, "Weight", false)));
  const std::pair<const char*, const char*> throttles[] = {
      {"device-read-bps", "BlkioDeviceReadBps"},
      {"device-write-bps", "BlkioDeviceWriteBps"},
      {"device-read-iops", "BlkioDeviceReadIOps"},
      {"device-write-iops", "BlkioDeviceWriteIOps"}};
  for (const auto& [flag, key] : throttles) {
    bool bytes = std::string(flag).find("bps") != std::string::npos;
    for (const auto& t : a.all(flag))
      hc[key].push_back(TRY(path_and_number(t, "Rate", bytes)));
  }
  return {};
}

Result<void> add_integer_options(const ParsedArgs& a, json& hc) {
  const std::pair<const char*, const char*> integers[] = {{"memory-swappiness", "MemorySwappiness"},
                                                          {"cpu-rt-runtime", "CpuRealtimeRuntime"},
                                                          {"cpu-rt-period", "CpuRealtimePeriod"}};
  for (const auto& [flag, key] : integers)
    if (a.has(flag))
      hc[key] = TRY(parse_integer(a.last(flag), flag));
  return {};
}

} // namespace

const std::vector<FlagSpec>& host_run_flags() {
  static const std::vector<FlagSpec> flags = {{"", "pid", true},
                                              {"", "ipc", true},
                                              {"", "uts", true},
                                              {"", "cgroupns", true},
                                              {"", "link", true},
                                              {"", "device", true},
                                              {"", "device-cgroup-rule", true},
                                              {"", "sysctl", true},
                                              {"", "domainname", true},
                                              {"", "memory-swappiness", true},
                                              {"", "blkio-weight", true},
                                              {"", "blkio-weight-device", true},
                                              {"", "device-read-bps", true},
                                              {"", "device-write-bps", true},
                                              {"", "device-read-iops", true},
                                              {"", "device-write-iops", true},
                                              {"", "cpu-rt-runtime", true},
                                              {"", "cpu-rt-period", true}};
  return flags;
}

Result<json> parse_device_mapping(const std::string& text) {
  auto parts = split(text, ':');
  if (parts.empty() || parts.size() > 3)
    return invalid_argument("invalid device specification: " + text);
  std::string src = parts[0], dst, permissions = "rwm";
  if (parts.size() == 3)
    permissions = parts[2];
  if (parts.size() >= 2) {
    if (valid_device_mode(parts[1]))
      permissions = parts[1];
    else
      dst = parts[1];
  }
  if (dst.empty())
    dst = src;
  return json{{"PathOnHost", src}, {"PathInContainer", dst}, {"CgroupPermissions", permissions}};
}

Result<void> add_host_run_options(const ParsedArgs& a, json& body) {
  json& hc = body["HostConfig"];
  for (auto [flag, key] : {std::pair{"pid", "PidMode"}, {"ipc", "IpcMode"}, {"uts", "UTSMode"}})
    if (a.has(flag))
      hc[key] = a.last(flag);
  if (a.has("cgroupns"))
    hc["CgroupnsMode"] = a.last("cgroupns");
  if (a.has("link"))
    hc["Links"] = a.all("link");
  if (a.has("domainname"))
    body["Domainname"] = a.last("domainname");
  for (const auto& d : a.all("device"))
    hc["Devices"].push_back(TRY(parse_device_mapping(d)));
  if (a.has("device-cgroup-rule"))
    hc["DeviceCgroupRules"] = a.all("device-cgroup-rule");
  for (const auto& s : a.all("sysctl")) {
    size_t eq = s.find('=');
    if (eq == std::string::npos)
      return invalid_argument("invalid argument \"" + s + "\" for \"--sysctl\" flag: " + s +
                              " is not a valid sysctl value");
    hc["Sysctls"][s.substr(0, eq)] = s.substr(eq + 1);
  }
  TRY_VOID(add_blkio_options(a, hc));
  return add_integer_options(a, hc);
}

} // namespace mydocker::cli
