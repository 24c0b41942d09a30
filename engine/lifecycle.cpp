// start and what happens when a container's shim exits.
#include "common/log.hpp"
#include "common/time_format.hpp"
#include "engine/container/links.hpp"
#include "engine/container/namespace_modes.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/container/spec_builder.hpp"
#include "engine/container_events.hpp"
#include "engine/container_network.hpp"
#include "engine/container_service.hpp"
#include "engine/volume_binds.hpp"
#include "network/step_timer.hpp"

namespace mydocker::engine {

namespace {

void write_exit(ContainerState& state, const std::optional<runtime::ExitStatus>& exit,
                bool oom_killed) {
  state.pid = 0;
  state.shim_pid = 0;
  // No exit record: the shim itself died (kill -9); Docker reports such a death as 255.
  state.exit_code = exit ? exit->exit_code : 255;
  state.oom_killed = oom_killed;
  state.finished_at = exit ? exit->finished_at : now_unix_nanos();
}

// dockerd: "oom" first when the kernel killed it, then "die" with the exit code and run time.
void emit_exit_events(const ContainerRecord& r, bool oom_killed) {
  if (oom_killed)
    emit_container_event(r, "oom");
  int64_t ran = r.state.finished_at - r.state.started_at;
  emit_container_event(r, "die",
                       {{"exitCode", std::to_string(r.state.exit_code)},
                        {"execDuration", std::to_string(std::max<int64_t>(ran, 0) / 1000000000)}});
}

} // namespace

Result<void> ContainerService::start(const std::string& ref) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  TRY(check(*e, Verb::Start, ref));
  e->restart_delay = std::chrono::milliseconds(0); // a manual start resets the backoff
  return start_entry(e, lock);
}

// Called with the entry locked, idle, in a state the table lets start (or restart).
Result<void> ContainerService::start_entry(const EntryPtr& e, Lock& lock) {
  ContainerRecord& r = e->record;
  const ContainerRecord before = r;
  const int attachers = e->start_watchers.count_for_start();
  runtime::RunningContainer started;
  std::optional<runtime::ExitStatus> exit;
  bool spawn_failed = false;
  // Debug timing per network mode: what the bridge adds to the whole start (bench/).
  network::StepTimer timer("container start " + before.id.substr(0, 12) + " " +
                           before.host_config.network_mode);
  NetworkSandbox network; // held until the container has joined its namespace
  auto ran = run_unlocked(*e, lock, Busy::Starting, [&]() -> Result<void> {
    auto layer = TRY(m_images.container_layer(before.id));
    // A spec error (bad seccomp profile, unknown user) fails the start like a runtime error:
    // recorded, and an AutoRemove container removed (docker run --rm waits for that).
    auto spec = build_runtime_spec(before, layer, container_dir(m_config, before.id));
    if (spec) { // --pid/--ipc/--uts: the namespaces of the host or of a running container
      auto joins = namespaces_to_join(index_owner_lookup(m_index), before.host_config);
      if (joins) {
        spec->join_namespaces.insert(joins->begin(), joins->end());
        set_ipc_shm(before.host_config, *spec);
      } else
        spec = tl::unexpected(joins.error());
    }
    if (spec && m_volumes)
      if (auto added = add_container_mounts(*m_volumes, before.mounts, before.id, *spec); !added)
        spec = tl::unexpected(added.error());
    if (spec)
      spec->process.attachers = attachers;
    ContainerRecord with_links = before; // --link: /etc/hosts lines and variables
    if (spec)
      if (auto linked =
              apply_links(m_index, before, spec->process.env, with_links.host_config.extra_hosts);
          !linked)
        spec = tl::unexpected(linked.error());
    if (spec && m_networks)
      if (auto wired = prepare_network_for(with_links, *spec, network); !wired)
        spec = tl::unexpected(wired.error());
    auto spawned = spec ? m_runtime.start(*spec) : tl::unexpected(spec.error());
    if (!spawned) {
      if (m_networks)
        release_network(*m_networks, before.id, network);
      spawn_failed = true;
      exit = m_runtime.read_exit(before.id);
      return tl::unexpected(spawned.error());
    }
    started = *spawned;
    return {};
  });
  if (!ran)
    e->start_watchers.start_failed(); // its attaches wait for the next start
  if (!ran && !spawn_failed)
    return ran;
  if (!ran) {
    r.state.exit_code = exit ? exit->exit_code : 128;
    r.state.error = ran.error().message;
    r.state.status = r.state.started_at ? Status::Exited : Status::Created;
    (void)store(*e);
    bool auto_remove = r.host_config.auto_remove;
    if (auto_remove) // docker run --rm waits for "removed" even after a failed start
      (void)remove_entry(e, lock);
    return ran;
  }
  auto kept_health = std::move(r.state.health); // its Log goes on, as dockerd's
  r.state = ContainerState{Status::Running, started.pid, started.shim_pid,   0,
                           false,           "",          started.started_at, 0};
  r.state.health = std::move(kept_health);
  r.stopped_by_user = false;
  record_network(r, network);
  network.netns.reset();
  auto saved = store(*e);
  emit_container_event(r, "start");
  const ContainerRecord running = r;
  auto watchers = e->start_watchers.started();
  lock.unlock(); // the monitor calls on_exit at once if the shim is already gone
  fire_start_watchers(running.id, std::move(watchers));
  watch(e);
  if (m_on_started)
    m_on_started(running);
  lock.lock();
  return saved;
}

void ContainerService::watch(const EntryPtr& e) {
  int shim_pid = 0;
  {
    std::lock_guard lock(e->mutex);
    shim_pid = e->record.state.shim_pid;
  }
  auto watched = m_monitor->watch(shim_pid, [this, e] { on_exit(e); });
  if (!watched)
    log::error("cannot watch container " + e->record.id + ": " + watched.error().message);
}

void ContainerService::on_exit(EntryPtr e) {
  const std::string id = e->record.id; // never changes
  auto exit = m_runtime.read_exit(id);
  bool oom_killed = m_runtime.oom_killed(id);
  Lock lock(e->mutex);
  e->wait_idle(lock);
  ContainerRecord& r = e->record;
  // Debug timing per network mode: the exit's clean-up and an AutoRemove (`run --rm` waits).
  network::StepTimer timer("container exit " + id.substr(0, 12) + " " + r.host_config.network_mode);
  auto next = check(*e, Verb::OnExit, id);
  if (e->removed || !next) {
    log::error("exit of container " + id +
               " ignored: " + (next ? std::string("removed") : next.error().message));
    return;
  }
  write_exit(r.state, exit, oom_killed);
  r.state.status = next->value_or(r.state.status);
  bool removing = r.state.status == Status::Removing; // a forced removal goes on by itself
  bool restart = !removing && should_restart(restart_policy_of(r.host_config), r.state.exit_code,
                                             r.stopped_by_user, r.restart_count);
  if (auto scheduled = check(*e, Verb::RestartPolicy, id); restart && scheduled)
    r.state.status = scheduled->value_or(r.state.status);
  e->exits++;
  if (auto final_health = m_on_stopped ? m_on_stopped(id) : std::nullopt)
    r.state.health = std::move(final_health); // probing stopped: saved with the exit
  timer.lap("exit state");
  (void)store(*e);
  timer.lap("store");
  emit_exit_events(r, oom_killed);
  // Taken with the exit; answered once no network endpoint shows (dockerd's stop and wait).
  auto fire = take_waiters(*e, false);
  detach_network_unlocked(*e, lock);
  timer.lap("network");
  (void)run_unlocked(*e, lock, Busy::CleaningUp, [&]() -> Result<void> {
    for (auto& f : fire)
      f();
    if (auto cleaned = m_runtime.cleanup(id); !cleaned)
      log::error("cleanup of container " + id + ": " + cleaned.error().message);
    emit_volume_unmounts(r.mounts, id);
    return {};
  });
  timer.lap("runtime cleanup");
  if (restart && r.state.status == Status::Restarting) {
    auto ran_for = std::chrono::nanoseconds(r.state.finished_at - r.state.started_at);
    e->restart_delay = next_restart_delay(e->restart_delay, ran_for);
    schedule_restart(e, e->restart_delay);
  } else if (!removing && r.host_config.auto_remove && check(*e, Verb::Remove, id)) {
    if (auto removed = remove_entry(e, lock); !removed)
      log::error("auto-remove of " + id + ": " + removed.error().message);
    timer.lap("remove");
  }
}

} // namespace mydocker::engine
