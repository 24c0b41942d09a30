// Restart policies in action: the backoff timer after an exit and the restarts a daemon start
// owes (design: DelayedCalls runs them; every step re-checks the record under the lock).
#include "common/log.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

void ContainerService::schedule_restart(const std::shared_ptr<Entry>& e,
                                        std::chrono::milliseconds delay) {
  cancel_restart(*e);
  e->restart_token = m_delayed->call_after(delay, [this, e] { restart_after_backoff(e); });
}

void ContainerService::cancel_restart(Entry& e) {
  if (e.restart_token)
    m_delayed->cancel(e.restart_token);
  e.restart_token = 0;
}

void ContainerService::restart_after_backoff(const std::shared_ptr<Entry>& e) {
  std::unique_lock lock(m_mutex);
  ContainerRecord& r = e->record;
  e->restart_token = 0;
  if (!m_containers.count(r.id) || r.state.status != Status::Restarting)
    return; // stopped, removed or started by hand meanwhile
  r.restart_count++;
  auto started = start_locked(e, lock);
  if (!started) {
    log::error("restart of container " + r.id + " failed: " + started.error().message);
    if (m_containers.count(r.id) && r.state.status != Status::Running) {
      r.state.status = Status::Exited;
      (void)save(r);
    }
    m_changed.notify_all();
  }
}

void ContainerService::restart_after_daemon_start(const std::vector<std::shared_ptr<Entry>>& all) {
  std::lock_guard lock(m_mutex);
  for (const auto& e : all) {
    ContainerRecord& r = e->record;
    bool was_restarting = r.state.status == Status::Restarting;
    if (r.state.status != Status::Exited && !was_restarting)
      continue;
    RestartPolicy policy = restart_policy_of(r.host_config);
    if (!was_restarting &&
        !restart_on_daemon_start(policy, r.state.exit_code, r.stopped_by_user))
      continue;
    r.state.status = Status::Restarting;
    schedule_restart(e, std::chrono::milliseconds(0));
  }
}

} // namespace mydocker::engine
