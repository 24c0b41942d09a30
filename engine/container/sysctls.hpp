// --sysctl: only keys of a namespace the container has to itself, checked at start as runc's
// validator does (its texts; Docker answers 500): IPC keys (kernel.msg*, kernel.sem,
// kernel.shm*, fs.mqueue.*) need a private IPC namespace, net.* a private network namespace,
// kernel.domainname a private UTS namespace. The init writes them (runtime/sysctls.hpp).
#pragma once

#include <string>

#include "api/types/host_config.hpp"
#include "common/result.hpp"

namespace mydocker::engine {

Result<void> check_sysctls(const api::HostConfig& hc);

} // namespace mydocker::engine
