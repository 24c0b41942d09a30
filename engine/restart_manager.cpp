// The restart manager: restart policies in action, the backoff timer after an exit and the
// restarts a daemon start owes. DelayedCalls runs them; every step re-checks the state table
// under the container's mutex. (The `docker restart` verb is engine/restart.cpp.)
#include "common/log.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

void ContainerService::schedule_restart(const EntryPtr& e, std::chrono::milliseconds delay) {
  cancel_restart(*e);
  e->restart_token = m_delayed->call_after(delay, [this, e] { restart_after_backoff(e); });
}

void ContainerService::cancel_restart(Entry& e) {
  if (e.restart_token)
    m_delayed->cancel(e.restart_token);
  e.restart_token = 0;
}

void ContainerService::restart_after_backoff(const EntryPtr& e) {
  Lock lock(e->mutex);
  e->wait_idle(lock);
  ContainerRecord& r = e->record;
  e->restart_token = 0;
  if (e->removed || r.state.status != Status::Restarting || !check(*e, Verb::RestartPolicy, r.id))
    return; // stopped, removed or started by hand meanwhile
  r.restart_count++;
  auto started = start_entry(e, lock);
  if (!started) {
    log::error("restart of container " + r.id + " failed: " + started.error().message);
    if (!e->removed && r.state.status != Status::Running) {
      r.state.status = Status::Exited;
      (void)store(*e);
    }
    e->changed.notify_all();
  }
}

void ContainerService::restart_after_daemon_start(const std::vector<EntryPtr>& all) {
  for (const auto& e : all) {
    std::lock_guard lock(e->mutex);
    ContainerRecord& r = e->record;
    if (r.state.status != Status::Restarting) { // a restart was pending at shutdown: go on
      RestartPolicy policy = restart_policy_of(r.host_config);
      auto scheduled = check(*e, Verb::RestartPolicy, r.id);
      if (!scheduled || !restart_on_daemon_start(policy, r.state.exit_code, r.stopped_by_user))
        continue;
      r.state.status = scheduled->value_or(r.state.status);
      e->publish();
    }
    schedule_restart(e, std::chrono::milliseconds(0));
  }
}

} // namespace mydocker::engine
