// Credentials as clients send them: the X-Registry-Auth header of pull and push, and
// the body of POST /auth. Shared by api/routes and layers/registry.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "layers/image_service.hpp"

namespace mydocker::layers {

// base64url (padded or not, standard alphabet accepted too) of
// {"username","password","serveraddress","identitytoken"[,"auth"]}; anything undecodable
// is anonymous, as dockerd treats it.
RegistryAuth decode_registry_auth(std::string_view header);
// The same fields from an already parsed JSON object (POST /auth).
RegistryAuth registry_auth_from_json(const nlohmann::json& j);

} // namespace mydocker::layers
