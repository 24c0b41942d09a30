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

std::string base64_encode(std::string_view data);
// Standard or URL alphabet, padding optional; false on invalid input.
bool base64_decode(std::string_view text, std::string& out);

} // namespace mydocker::layers
