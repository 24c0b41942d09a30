#include "api/types/create_body.hpp"

#include <algorithm>

#include "api/types/json_decode.hpp"

namespace mydocker::api {

using nlohmann::json;

std::string normalize_capability(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return name.rfind("CAP_", 0) == 0 || name == "ALL" ? name : "CAP_" + name;
}

Result<CreateBody> decode_create_body(const json& body) {
  if (!body.is_object())
    return invalid_argument("Config cannot be empty in order to create a container");
  CreateBody out;
  // The Config fields sit at the top level of the body (moby's ContainerConfigWrapper).
  auto error = decode_into(body, out.config, "Config");
  if (!error && body.contains("HostConfig"))
    error = decode_into(body["HostConfig"], out.host_config, "HostConfig");
  if (!error && body.contains("NetworkingConfig"))
    error = decode_into(body["NetworkingConfig"], out.networking_config, "NetworkingConfig");
  if (error)
    return invalid_argument(*error);
  apply_create_defaults(out);
  return out;
}

void apply_create_defaults(CreateBody& body) {
  HostConfig& hc = body.host_config;
  auto& endpoints = body.networking_config.endpoints_config;
  if (hc.network_mode.empty() || hc.network_mode == "default") {
    hc.network_mode = "bridge";
    if (auto it = endpoints.find("default"); it != endpoints.end()) {
      endpoints.emplace(hc.network_mode, std::move(it->second));
      endpoints.erase(it);
    }
  }
  if (hc.restart_policy.name.empty())
    hc.restart_policy.name = "no";
  if (hc.resources.memory_swappiness == -1)
    hc.resources.memory_swappiness.reset();
  if (hc.runtime.empty())
    hc.runtime = "runc";
  for (auto* caps : {&hc.cap_add, &hc.cap_drop})
    for (auto& cap : *caps)
      cap = normalize_capability(cap);
}

} // namespace mydocker::api
