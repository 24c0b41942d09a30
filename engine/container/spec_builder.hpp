// Turns a container record into the runtime spec: Docker's security defaults
// (capabilities, masked and read-only paths), identity, ulimits, the /etc files.
#pragma once

#include <string>

#include "common/result.hpp"
#include "engine/container/container_record.hpp"
#include "engine/runtime/spec.hpp"
#include "layers/image_service.hpp"

namespace mydocker::engine {

Result<runtime::Spec> build_runtime_spec(const ContainerRecord& r,
                                         const layers::ContainerLayer& layer,
                                         const std::string& container_dir);
// Docker's default capabilities with CapDrop, then CapAdd applied ("ALL" drops every one).
std::vector<std::string> effective_capabilities(const api::HostConfig& host_config);

} // namespace mydocker::engine
