#include "engine/container/restart_policy.hpp"

namespace mydocker::engine {

using namespace std::chrono_literals;

RestartPolicy restart_policy_of(const api::HostConfig& host_config) {
  RestartPolicy p;
  if (!host_config.restart_policy.name.empty())
    p.name = host_config.restart_policy.name;
  p.max_retries = host_config.restart_policy.maximum_retry_count;
  return p;
}

Result<void> validate_restart_policy(const api::HostConfig& host_config) {
  RestartPolicy p = restart_policy_of(host_config);
  if (p.name != "no" && p.name != "always" && p.name != "unless-stopped" && p.name != "on-failure")
    return invalid_argument("invalid restart policy: unknown policy '" + p.name +
                            "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
  if (p.max_retries < 0)
    return invalid_argument("invalid restart policy: maximum retry count cannot be negative");
  if (p.max_retries > 0 && p.name != "on-failure")
    return invalid_argument(
        "invalid restart policy: maximum retry count can only be used with 'on-failure'");
  if (host_config.auto_remove && p.name != "no")
    return invalid_argument("can't create 'AutoRemove' container with restart policy");
  return {};
}

bool should_restart(const RestartPolicy& policy, int exit_code, bool stopped_by_user,
                    int restart_count) {
  if (stopped_by_user)
    return false;
  if (policy.name == "always" || policy.name == "unless-stopped")
    return true;
  if (policy.name == "on-failure")
    return exit_code != 0 && (policy.max_retries == 0 || restart_count < policy.max_retries);
  return false;
}

bool restart_on_daemon_start(const RestartPolicy& policy, int exit_code, bool stopped_by_user) {
  if (policy.name == "always")
    return true;
  if (policy.name == "unless-stopped")
    return !stopped_by_user;
  if (policy.name == "on-failure")
    return !stopped_by_user && exit_code != 0;
  return false;
}

std::chrono::milliseconds next_restart_delay(std::chrono::milliseconds previous,
                                             std::chrono::nanoseconds ran_for) {
  if (ran_for >= 10s)
    previous = 0ms; // a container that ran a while starts the backoff over
  std::chrono::milliseconds next = previous == 0ms ? 100ms : previous * 2;
  return std::min<std::chrono::milliseconds>(next, 1min);
}

} // namespace mydocker::engine
