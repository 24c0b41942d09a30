// POST /containers/create: the body (Config fields at the top level, plus HostConfig and
// NetworkingConfig), decoded once at the route with Docker's defaults applied.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/types/container_config.hpp"
#include "api/types/endpoint_settings.hpp"
#include "api/types/host_config.hpp"
#include "common/result.hpp"

namespace mydocker::api {

struct CreateBody {
  ContainerConfig config;
  HostConfig host_config;
  NetworkingConfig networking_config;
};

// InvalidArgument naming the first wrongly typed field; then Docker's create-time defaults:
// NetworkMode ""/"default" = bridge (and the "default" endpoint renamed), RestartPolicy ""
// = no, MemorySwappiness -1 = unset, Runtime "" = runc,
// capabilities as "CAP_X".
Result<CreateBody> decode_create_body(const nlohmann::json& body);
void apply_create_defaults(CreateBody& body);

// "net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all name CAP_NET_ADMIN; "ALL" stays.
std::string normalize_capability(std::string name);

} // namespace mydocker::api
