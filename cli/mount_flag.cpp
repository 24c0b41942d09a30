#include "cli/mount_flag.hpp"

#include <cctype>
#include <optional>

#include "cli/run_options.hpp"
#include "common/split.hpp"

namespace mydocker::cli {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<bool> parse_bool(const std::string& v) {
  std::string l = lower(v);
  if (l == "1" || l == "t" || l == "true")
    return true;
  if (l == "0" || l == "f" || l == "false")
    return false;
  return std::nullopt;
}

// "k=v" (or "k") into a string map.
void set_on_map(json& map, const std::string& kv) {
  size_t eq = kv.find('=');
  map[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
}

json& volume_options(json& m) {
  if (!m.contains("VolumeOptions"))
    m["VolumeOptions"] = {{"DriverConfig", json::object()}};
  return m["VolumeOptions"];
}

// One key=value of --mount; "" when taken, else the reason it is refused.
std::string set_field(json& m, const std::string& key, const std::string& val,
                      const std::string& field) {
  if (key == "type")
    m["Type"] = lower(val);
  else if (key == "source" || key == "src")
    m["Source"] = val;
  else if (key == "target" || key == "dst" || key == "destination")
    m["Target"] = val;
  else if (key == "readonly" || key == "ro" || key == "volume-nocopy") {
    auto b = parse_bool(val);
    if (!b)
      return "invalid value for " + key + ": " + val;
    (key == "volume-nocopy" ? volume_options(m)["NoCopy"] : m["ReadOnly"]) = *b;
  } else if (key == "consistency")
    m["Consistency"] = lower(val);
  else if (key == "bind-propagation")
    m["BindOptions"]["Propagation"] = lower(val);
  else if (key == "volume-label")
    set_on_map(volume_options(m)["Labels"], val);
  else if (key == "volume-driver")
    volume_options(m)["DriverConfig"]["Name"] = val;
  else if (key == "volume-opt")
    set_on_map(volume_options(m)["DriverConfig"]["Options"], val);
  else if (key == "volume-subpath")
    volume_options(m)["Subpath"] = val;
  else if (key == "tmpfs-size") {
    auto bytes = parse_bytes(val);
    if (!bytes)
      return "invalid value for " + key + ": " + val;
    m["TmpfsOptions"]["SizeBytes"] = *bytes;
  } else if (key == "tmpfs-mode") {
    char* end = nullptr;
    unsigned long mode = std::strtoul(val.c_str(), &end, 8);
    if (val.empty() || *end != '\0')
      return "invalid value for " + key + ": " + val;
    m["TmpfsOptions"]["Mode"] = mode;
  } else
    return "unexpected key '" + key + "' in '" + field + "'";
  return "";
}

// Docker's last checks: a type and a target, no options of another type.
std::string check_mount(const json& m) {
  std::string type = m.value("Type", "");
  if (!m.contains("Target"))
    return "target is required";
  for (auto [key, kind] :
       {std::pair{"VolumeOptions", "volume"}, {"BindOptions", "bind"}, {"TmpfsOptions", "tmpfs"}})
    if (m.contains(key) && type != kind)
      return std::string("cannot mix '") + kind + "-*' options with mount type '" + type + "'";
  return "";
}

} // namespace

Result<json> parse_mount_flag(const std::string& value) {
  json m = {{"Type", "volume"}};
  auto refuse = [&](const std::string& why) {
    return invalid_argument("invalid argument \"" + value + "\" for \"--mount\" flag: " + why);
  };
  for (const auto& field : split(value, ',')) {
    size_t eq = field.find('=');
    std::string key = lower(field.substr(0, eq));
    if (eq == std::string::npos && (key == "readonly" || key == "ro" || key == "volume-nocopy")) {
      (key == "volume-nocopy" ? volume_options(m)["NoCopy"] : m["ReadOnly"]) = true;
      continue;
    }
    if (eq == std::string::npos)
      return refuse("invalid field '" + field + "' must be a key=value pair");
    if (auto why = set_field(m, key, field.substr(eq + 1), field); !why.empty())
      return refuse(why);
  }
  if (auto why = check_mount(m); !why.empty())
    return refuse(why);
  return m;
}

Result<void> add_mount_flags(const ParsedArgs& args, json& hc) {
  for (const auto& value : args.all("mount"))
    hc["Mounts"].push_back(TRY(parse_mount_flag(value)));
  for (const auto& from : args.all("volumes-from"))
    hc["VolumesFrom"].push_back(from);
  for (const auto& tmpfs : args.all("tmpfs")) {
    size_t colon = tmpfs.find(':');
    hc["Tmpfs"][tmpfs.substr(0, colon)] = colon == std::string::npos ? "" : tmpfs.substr(colon + 1);
  }
  return {};
}

} // namespace mydocker::cli
