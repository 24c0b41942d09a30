// Create-time decisions: Docker's merge of the request with the image config
// (Entrypoint/Cmd, Env, WorkingDir, User, Labels, Hostname), HostConfig defaults, and the
// per-container hostname, hosts and resolv.conf files.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "engine/container/container_record.hpp"
#include "layers/image_service.hpp"

namespace mydocker::engine {

Result<void> merge_create_config(const nlohmann::json& body, const layers::Image& image,
                                 ContainerRecord& r);
nlohmann::json default_host_config(const nlohmann::json& requested);
Result<void> write_container_files(const std::string& dir, const ContainerRecord& r);

} // namespace mydocker::engine
