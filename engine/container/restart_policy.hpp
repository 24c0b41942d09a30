// Docker's restart policies (no, always, unless-stopped, on-failure[:N]) and the restart
// manager's backoff: 100 ms doubling up to one minute, reset after 10 s of running.
#pragma once

#include <chrono>
#include <string>

#include "api/types/host_config.hpp"
#include "common/result.hpp"

namespace mydocker::engine {

struct RestartPolicy {
  std::string name = "no";
  int max_retries = 0; // on-failure only; 0 = unlimited
};

RestartPolicy restart_policy_of(const api::HostConfig& host_config);
// Docker's 400s for a bad HostConfig.RestartPolicy (and its clash with AutoRemove).
Result<void> validate_restart_policy(const api::HostConfig& host_config);

// After the container exited by itself (or its process died): restart it?
bool should_restart(const RestartPolicy& policy, int exit_code, bool stopped_by_user,
                    int restart_count);
// When the daemon starts: `always` comes back even after a manual stop.
bool restart_on_daemon_start(const RestartPolicy& policy, int exit_code, bool stopped_by_user);

std::chrono::milliseconds next_restart_delay(std::chrono::milliseconds previous,
                                             std::chrono::nanoseconds ran_for);

} // namespace mydocker::engine
