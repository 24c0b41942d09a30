// Create-time decisions: Docker's merge of the request with the image config
// (Entrypoint/Cmd, Env, WorkingDir, User, Labels, Hostname, StopSignal), the HostConfig fields
// this engine refuses, and the per-container hostname, hosts and resolv.conf files.
#pragma once

#include <string>

#include "api/types/create_body.hpp"
#include "common/result.hpp"
#include "engine/container/container_record.hpp"
#include "layers/image_service.hpp"

namespace mydocker::engine {

// Fills r.path/args, r.config (image defaults merged), r.host_config, r.networking_config.
Result<void> merge_create_config(const api::CreateBody& body, const layers::Image& image,
                                 ContainerRecord& r);
// Docker's 400s for HostConfig fields this engine cannot honour: an unknown Runtime or
// capability.
Result<void> validate_host_config(const api::HostConfig& hc);
Result<void> write_container_files(const std::string& dir, const ContainerRecord& r);

} // namespace mydocker::engine
