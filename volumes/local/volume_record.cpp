#include "volumes/local/volume_record.hpp"

#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"

namespace mydocker::volumes::local {

namespace {

bool allowed_char(char c, bool first) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || (!first && (c == '_' || c == '.' || c == '-'));
}

} // namespace

Result<void> validate_name(const std::string& name) {
  if (name.size() == 1)
    return invalid_argument(
        "volume name is too short, names should be at least two alphanumeric characters");
  bool ok = !name.empty();
  for (size_t i = 0; i < name.size() && ok; ++i)
    ok = allowed_char(name[i], i == 0);
  if (!ok)
    return invalid_argument("\"" + name +
                            "\" includes invalid characters for a local volume name, only "
                            "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass "
                            "a host directory, use absolute path");
  return {};
}

Result<void> validate_options(const std::map<std::string, std::string>& options) {
  for (const auto& [key, value] : options)
    if (key != "type" && key != "device" && key != "o" && key != "size")
      return invalid_argument("invalid option key: \"" + key + "\"");
  if (options.count("size")) // Docker needs an XFS project quota for it; we have none
    return invalid_argument("quota size requested but no quota support");
  // Docker's mandatory pairs: type and device need each other, o needs both.
  auto require = [&](const char* key) -> Result<void> {
    if (!options.count(key))
      return invalid_argument(std::string("missing required option: \"") + key + "\"");
    return {};
  };
  if (options.count("type"))
    TRY_VOID(require("device"));
  if (options.count("device"))
    TRY_VOID(require("type"));
  if (options.count("o")) {
    TRY_VOID(require("device"));
    TRY_VOID(require("type"));
  }
  return {};
}

bool has_device(const std::map<std::string, std::string>& options) {
  return options.count("type") || options.count("device");
}

std::string encode_record(const api::VolumeInspect& volume) {
  return api::encode(volume).dump();
}

api::VolumeInspect decode_record(const std::string& text) {
  api::VolumeInspect volume;
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_discarded())
    (void)api::decode_into(json, volume, "Volume");
  return volume;
}

} // namespace mydocker::volumes::local
