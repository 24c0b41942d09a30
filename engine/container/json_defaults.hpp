// Docker's daemon marshals typed structs, so inspect shows every Config and HostConfig field
// even when the client sent few (our CLI, the SDK); templates such as
// {{.HostConfig.Binds}} need the key. These fill the missing ones with Docker's zero values.
#pragma once

#include <nlohmann/json.hpp>

namespace mydocker::engine {

nlohmann::json with_host_config_defaults(nlohmann::json host_config);
nlohmann::json with_config_defaults(nlohmann::json config);

} // namespace mydocker::engine
