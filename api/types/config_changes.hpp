// `docker import --change` / `commit --change`: Dockerfile instructions applied to an
// image config's "config" object (ENV, CMD, ENTRYPOINT, WORKDIR, USER, LABEL, EXPOSE,
// VOLUME, STOPSIGNAL, ONBUILD).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::api {

Result<void> apply_changes(const std::vector<std::string>& changes, nlohmann::json& config);

} // namespace mydocker::api
