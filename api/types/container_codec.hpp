// JSON for the container wire structs, compiled once here (the templates behind it are in
// json_decode.hpp / json_encode.hpp). Decoders return the error text naming the bad field.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/types/container_config.hpp"
#include "api/types/container_inspect.hpp"
#include "api/types/container_summary.hpp"
#include "api/types/endpoint_settings.hpp"
#include "api/types/host_config.hpp"

namespace mydocker::api {

nlohmann::json to_json(const ContainerConfig& c);
nlohmann::json to_json(const HostConfig& h);
nlohmann::json to_json(const NetworkingConfig& n);
nlohmann::json to_json(const ContainerInspect& i);
nlohmann::json to_json(const ContainerSummary& s);

std::optional<std::string> from_json(const nlohmann::json& j, ContainerConfig& out);
std::optional<std::string> from_json(const nlohmann::json& j, HostConfig& out);
std::optional<std::string> from_json(const nlohmann::json& j, NetworkingConfig& out);

} // namespace mydocker::api
