// The image config (OCI image config / Docker image JSON) as a typed, validated struct.
// Decoding never throws; it refuses what Docker refuses (no rootfs, a rootfs type other
// than "layers", malformed diff IDs, more non-empty history entries than layers, wrongly
// typed fields) with a message naming the field. The struct is for reading: the stored
// blob keeps its exact bytes, since the image ID is their digest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::api {

// The "config" object: what a container inherits from its image.
struct ImageRunConfig {
  std::string user;
  std::vector<std::string> env;
  std::vector<std::string> cmd;
  std::vector<std::string> entrypoint;
  std::string working_dir;
  std::string stop_signal;
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports; // "80/tcp"
  std::vector<std::string> volumes;       // "/data"
  std::vector<std::string> on_build;
  std::vector<std::string> shell;
  bool args_escaped = false;
};

struct ImageRootfs {
  std::string type; // "layers"
  std::vector<std::string> diff_ids;
};

struct ImageHistoryEntry {
  std::string created; // RFC 3339, "" when absent
  std::string created_by;
  std::string author;
  std::string comment;
  bool empty_layer = false;
};

struct ImageConfig {
  std::string architecture;
  std::string os;
  std::string variant;
  std::string created; // RFC 3339, "" when absent
  int64_t created_unix_nanos = 0;
  std::string author;
  std::string comment;
  std::string docker_version;
  ImageRunConfig config;
  ImageRootfs rootfs;
  std::vector<ImageHistoryEntry> history;
};

// Parses and validates a config blob. InvalidArgument "invalid image config: <why>".
Result<ImageConfig> decode_image_config(std::string_view blob);
Result<ImageConfig> decode_image_config_json(const nlohmann::json& j);

// The "config" object as Docker writes it into an image config.
nlohmann::json encode_image_run_config(const ImageRunConfig& c);

} // namespace mydocker::api
