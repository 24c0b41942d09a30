// start, stop, kill and what happens when a container's shim exits.
#include <signal.h>

#include "common/log.hpp"
#include "common/time_format.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/container/signals.hpp"
#include "engine/container/spec_builder.hpp"
#include "engine/container_service.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

Result<void> ContainerService::start(const std::string& ref) {
  std::unique_lock lock(m_mutex);
  auto e = TRY(find(ref));
  ContainerRecord& r = e->record;
  if (r.state.status == Status::Paused)
    return conflict("cannot start a paused container, try unpause instead");
  if (r.state.status == Status::Running || r.state.status == Status::Restarting)
    return make_error(Errc::NotModified, "container already started");
  if (r.state.status == Status::Removing)
    return conflict("removal of container " + r.name + " is already in progress");
  e->restart_delay = std::chrono::milliseconds(0); // a manual start resets the backoff
  return start_locked(e, lock);
}

Result<void> ContainerService::start_locked(const std::shared_ptr<Entry>& e,
                                            std::unique_lock<std::mutex>& lock) {
  ContainerRecord& r = e->record;
  auto layer = TRY(m_images.container_layer(r.id));
  // A spec error (bad seccomp profile, unknown user) fails the start like a runtime error:
  // recorded, and an AutoRemove container removed (docker run --rm waits for that).
  auto spec = build_runtime_spec(r, layer, container_dir(m_config, r.id));
  if (spec && m_volumes)
    if (auto added = add_volume_mounts(*m_volumes, r.host_config.binds, r.id, *spec); !added)
      spec = tl::unexpected(added.error());
  auto started = spec ? m_runtime.start(*spec) : tl::unexpected(spec.error());
  if (!started) {
    auto exit = m_runtime.read_exit(r.id);
    r.state.exit_code = exit ? exit->exit_code : 128;
    r.state.error = started.error().message;
    r.state.status = r.state.started_at ? Status::Exited : Status::Created;
    (void)save(r);
    bool auto_remove = r.host_config.auto_remove;
    if (auto_remove) // docker run --rm waits for "removed" even after a failed start
      (void)remove_locked(e, lock);
    return tl::unexpected(started.error());
  }
  r.state = ContainerState{Status::Running, started->pid, started->shim_pid,   0,
                           false,           "",           started->started_at, 0};
  r.stopped_by_user = false;
  TRY_VOID(save(r));
  lock.unlock();
  watch(e);
  lock.lock();
  return {};
}

void ContainerService::watch(const std::shared_ptr<Entry>& e) {
  int shim_pid = e->record.state.shim_pid;
  auto watched = m_monitor->watch(shim_pid, [this, e] { on_exit(e); });
  if (!watched)
    log::error("cannot watch container " + e->record.id + ": " + watched.error().message);
}

void ContainerService::on_exit(std::shared_ptr<Entry> e) {
  std::unique_lock lock(m_mutex);
  ContainerRecord& r = e->record;
  auto exit = m_runtime.read_exit(r.id);
  r.state.pid = 0;
  r.state.shim_pid = 0;
  // No exit record: the shim itself died (kill -9); Docker reports such a death as 255.
  r.state.exit_code = exit ? exit->exit_code : 255;
  r.state.oom_killed = m_runtime.oom_killed(r.id);
  r.state.finished_at = exit ? exit->finished_at : now_unix_nanos();
  bool restart = m_containers.count(r.id) &&
                 should_restart(restart_policy_of(r.host_config), r.state.exit_code,
                                r.stopped_by_user, r.restart_count);
  r.state.status = restart ? Status::Restarting : Status::Exited;
  (void)save(r);
  (void)m_runtime.cleanup(r.id);
  auto fire = take_waiters(*e, false);
  if (restart) {
    auto ran_for = std::chrono::nanoseconds(r.state.finished_at - r.state.started_at);
    e->restart_delay = next_restart_delay(e->restart_delay, ran_for);
    schedule_restart(e, e->restart_delay);
  } else if (r.host_config.auto_remove && m_containers.count(r.id)) {
    auto removed = remove_locked(e, lock);
    if (!removed)
      log::error("auto-remove of " + r.id + ": " + removed.error().message);
  }
  m_changed.notify_all();
  lock.unlock();
  for (auto& f : fire)
    f();
}

Result<void> ContainerService::kill(const std::string& ref, const std::string& signal_text) {
  int signo = SIGKILL;
  if (!signal_text.empty())
    signo = TRY(parse_signal(signal_text));
  std::lock_guard lock(m_mutex);
  auto e = TRY(find(ref));
  if (e->record.state.status == Status::Restarting)
    return conflict("Cannot kill container: " + ref + ": Container " + e->record.id +
                    " is restarting, wait until the container is running");
  if (e->record.state.status != Status::Running && e->record.state.status != Status::Paused)
    return conflict("cannot kill container: " + ref + ": container " + e->record.id +
                    " is not running");
  e->record.stopped_by_user = true;
  return m_runtime.signal(e->record.id, signo);
}

Result<void> ContainerService::stop(const std::string& ref, std::optional<int> timeout,
                                    const std::string& signal_text) {
  std::unique_lock lock(m_mutex);
  auto e = TRY(find(ref));
  ContainerRecord& r = e->record;
  if (r.state.status == Status::Restarting) { // stopping cancels the pending restart
    cancel_restart(*e);
    r.stopped_by_user = true;
    r.state.status = Status::Exited;
    m_changed.notify_all();
    return save(r);
  }
  if (r.state.status != Status::Running && r.state.status != Status::Paused)
    return make_error(Errc::NotModified, "container already stopped");
  int signo = TRY(parse_signal(!signal_text.empty()           ? signal_text
                               : r.config.stop_signal.empty() ? "SIGTERM"
                                                              : r.config.stop_signal));
  int seconds = timeout.value_or(r.config.stop_timeout.value_or(10));
  r.stopped_by_user = true;
  (void)m_runtime.signal(r.id, signo);
  if (r.state.status == Status::Paused) // a frozen process cannot act on the signal
    (void)m_runtime.freeze(r.id, false);
  auto exited = [&] {
    return r.state.status != Status::Running && r.state.status != Status::Paused;
  };
  if (seconds < 0 || !m_changed.wait_for(lock, std::chrono::seconds(seconds), exited)) {
    (void)m_runtime.signal(r.id, SIGKILL);
    m_changed.wait_for(lock, std::chrono::seconds(30), exited);
  }
  return {};
}

Result<void> ContainerService::pause(const std::string& ref) {
  std::lock_guard lock(m_mutex);
  auto e = TRY(find(ref));
  ContainerRecord& r = e->record;
  if (r.state.status == Status::Paused)
    return conflict("Container " + r.id + " is already paused");
  if (r.state.status == Status::Restarting)
    return conflict("Container " + r.id + " is restarting, wait until the container is running");
  if (r.state.status != Status::Running)
    return conflict("container " + r.id + " is not running");
  TRY_VOID(m_runtime.freeze(r.id, true));
  r.state.status = Status::Paused;
  return save(r);
}

Result<void> ContainerService::unpause(const std::string& ref) {
  std::lock_guard lock(m_mutex);
  auto e = TRY(find(ref));
  ContainerRecord& r = e->record;
  if (r.state.status != Status::Paused)
    return conflict("Container " + r.id + " is not paused");
  TRY_VOID(m_runtime.freeze(r.id, false));
  r.state.status = Status::Running;
  return save(r);
}

} // namespace mydocker::engine
