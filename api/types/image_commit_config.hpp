// The image config of `docker commit` (moby's NewChildImage): the base image's config with
// the runtime config taken from the container (the fields the request set winning), the
// author, comment and one more history entry, and the new layer's diff ID if there is one.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mydocker::api {

// The image "config" object from a container Config and the request's Config override.
nlohmann::json image_run_config_from(const nlohmann::json& request_config,
                                     const nlohmann::json& container_config);

struct ChildImage {
  std::string created; // RFC 3339
  std::string author;
  std::string comment;
  std::string created_by; // the container's command
  nlohmann::json run_config;
  std::string new_diff_id; // "" when the container changed nothing (an empty layer)
};

// The container's command as `history` shows it: Cmd joined by spaces.
std::string command_line_of(const nlohmann::json& container_config);
nlohmann::json child_image_config(nlohmann::json base, const ChildImage& child);

} // namespace mydocker::api
