#include "engine/health/health_monitor.hpp"

#include "common/log.hpp"
#include "common/time_format.hpp"

namespace mydocker::engine {

namespace {

std::chrono::milliseconds millis(int64_t nanos) {
  return std::chrono::milliseconds(std::max<int64_t>(nanos / 1'000'000, 1));
}

} // namespace

HealthMonitor::HealthMonitor(ContainerService& containers, ExecService& execs)
    : m_containers(containers), m_execs(execs) {}

HealthMonitor::~HealthMonitor() {
  std::lock_guard lock(m_alive->mutex);
  m_alive->alive = false;
}

template <class F> auto HealthMonitor::guarded(F f) {
  return [alive = m_alive, f = std::move(f)](auto&&... args) {
    std::lock_guard lock(alive->mutex);
    if (alive->alive)
      f(std::forward<decltype(args)>(args)...);
  };
}

void HealthMonitor::connect() {
  auto alive = m_alive;
  m_containers.set_health(
      [this, alive](const std::string& id) -> std::optional<api::Health> {
        std::lock_guard lock(alive->mutex);
        return alive->alive ? health(id) : std::nullopt;
      },
      guarded([this](const ContainerRecord& r) { container_started(r); }),
      [this, alive](const std::string& id) -> std::optional<api::Health> {
        std::lock_guard lock(alive->mutex);
        return alive->alive ? container_stopped(id) : std::nullopt;
      });
  for (const auto& r : m_containers.running_records())
    container_started(r); // a daemon restart: the kept Log goes on, as dockerd's restore
}

void HealthMonitor::container_started(const ContainerRecord& r) {
  const auto& hc = r.config.healthcheck;
  auto argv = hc ? health::probe_command(*hc, r.config.shell) : std::nullopt;
  Lock lock(m_mutex);
  if (!argv) {
    m_watches.erase(r.id);
    return;
  }
  auto [it, added] = m_watches.try_emplace(r.id);
  Watch& w = it->second;
  if (added) // the Log of the earlier runs, kept in the record
    w.health = r.state.health.value_or(api::Health{});
  m_timers.cancel(w.timer);
  w.container_id = r.id;
  w.generation++;
  w.active = true;
  w.argv = *argv;
  w.user = r.config.user;
  w.timings = health::timings_of(*hc);
  w.started_at = r.state.started_at;
  w.health.status = health::STARTING;
  w.health.failing_streak = 0;
  w.probe.reset();
  schedule(w);
  save_soon(r.id);
}

std::optional<api::Health> HealthMonitor::container_stopped(const std::string& id) {
  Lock lock(m_mutex);
  auto it = m_watches.find(id);
  if (it == m_watches.end())
    return std::nullopt;
  Watch w = std::move(it->second);
  m_watches.erase(it);
  m_timers.cancel(w.timer);
  std::string probe_exec;
  if (w.probe) {
    m_timers.cancel(w.probe->timeout_timer);
    m_timers.cancel(w.probe->drain_timer);
    probe_exec = w.probe->exec_id;
  }
  lock.unlock();
  if (!probe_exec.empty())
    m_execs.forget(probe_exec);        // its late exit finds no probe and forgets nothing
  w.health.status = health::UNHEALTHY; // Docker's, once the monitor has stopped
  return std::move(w.health);
}

void HealthMonitor::save_soon(const std::string& id) {
  m_timers.call_after(std::chrono::milliseconds(0), [this, id] { m_containers.save_health(id); });
}

HealthMonitor::Counts HealthMonitor::counts() {
  Lock lock(m_mutex);
  return Counts{m_watches.size(), m_timers.pending()};
}

std::optional<api::Health> HealthMonitor::health(const std::string& id) {
  Lock lock(m_mutex);
  auto it = m_watches.find(id);
  if (it == m_watches.end())
    return std::nullopt;
  return it->second.health;
}

void HealthMonitor::schedule(Watch& w) {
  int64_t delay = health::next_delay(w.health, w.timings, w.started_at, now_unix_nanos());
  std::string id = w.container_id;
  uint64_t generation = w.generation;
  w.timer =
      m_timers.call_after(millis(delay), [this, id, generation] { run_probe(id, generation); });
}

void HealthMonitor::run_probe(const std::string& id, uint64_t generation) {
  auto container = m_containers.snapshot(id);
  Lock lock(m_mutex);
  auto it = m_watches.find(id);
  if (it == m_watches.end() || it->second.generation != generation || !it->second.active)
    return;
  Watch& w = it->second;
  bool paused = container && container->state.status == Status::Paused;
  if (paused && container->state.started_at == w.started_at) {
    schedule(w); // no probe into a frozen container; probing resumes after unpause
    return;
  }
  if (!container) { // removed without its exit reaching us: nothing to keep
    m_watches.erase(it);
    return;
  }
  if (container->state.status != Status::Running || container->state.started_at != w.started_at) {
    w.active = false; // its exit was seen first; a new start installs a new watch
    w.health.status = health::UNHEALTHY;
    return;
  }
  lock.unlock();
  launch(id, generation);
}

// Creates and starts the probe's exec; no lock held, since a fast exit calls back at once.
void HealthMonitor::launch(const std::string& id, uint64_t generation) {
  api::ExecCreateBody body;
  {
    Lock lock(m_mutex);
    auto it = m_watches.find(id);
    if (it == m_watches.end())
      return;
    body.cmd.assign(it->second.argv.begin(), it->second.argv.end());
    body.user = it->second.user;
  }
  body.attach_stdout = body.attach_stderr = true;
  int64_t start = now_unix_nanos();
  auto exec_id = m_execs.create(id, body);
  Result<StartedExec> started =
      exec_id ? m_execs.start(*exec_id, false) : tl::unexpected(exec_id.error());
  Lock lock(m_mutex);
  auto it = m_watches.find(id);
  bool current = it != m_watches.end() && it->second.generation == generation && it->second.active;
  if (!started || !current) {
    if (!started)
      log::error("health check of " + id + ": " + started.error().message);
    if (current)
      schedule(it->second);
    lock.unlock();
    if (exec_id)
      m_execs.forget(*exec_id);
    return;
  }
  uint64_t seq = track(it->second, *exec_id, start, *started);
  lock.unlock();
  auto waited =
      m_execs.wait(*exec_id, guarded([this, id, seq](int code) { on_probe_exit(id, seq, code); }));
  if (!waited)
    on_probe_exit(id, seq, -1);
}

} // namespace mydocker::engine
