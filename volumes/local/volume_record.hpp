// The local driver's rules and on-disk record: name and option checks, volume.json.
#pragma once

#include <map>
#include <string>

#include "api/types/volume_types.hpp"
#include "common/result.hpp"

namespace mydocker::volumes::local {

inline constexpr const char* RECORD_FILE = "volume.json";
inline constexpr const char* DATA_DIR = "_data";

// Docker's text: `"x y" includes invalid characters for a local volume name, ...`.
Result<void> validate_name(const std::string& name);
// Known keys type, device, o; `o` needs type and device, as Docker's local driver.
Result<void> validate_options(const std::map<std::string, std::string>& options);
// A device volume is mounted at use: it has a `type` or `device` option.
bool has_device(const std::map<std::string, std::string>& options);

std::string encode_record(const api::VolumeInspect& volume);
// Mountpoint is recomputed by the caller; a damaged record keeps what decodes.
api::VolumeInspect decode_record(const std::string& text);

} // namespace mydocker::volumes::local
