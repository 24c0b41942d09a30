// HostConfig fields this engine does not honour yet: each one set to a non-default value is a
// 400 naming the docker run flag (Docker's own text where Docker refuses the same value), so
// no field is silently dropped.
#pragma once

#include "api/types/host_config.hpp"
#include "common/result.hpp"

namespace mydocker::engine {

Result<void> refuse_unsupported_host_fields(const api::HostConfig& hc);

} // namespace mydocker::engine
