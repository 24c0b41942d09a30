#include "engine/health/health_monitor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "common/log.hpp"
#include "common/time_format.hpp"

namespace mydocker::engine {

namespace {

constexpr std::chrono::milliseconds DRAIN_TICK{50};

std::chrono::milliseconds millis(int64_t nanos) {
  return std::chrono::milliseconds(std::max<int64_t>(nanos / 1'000'000, 1));
}

void set_nonblocking(int fd) {
  if (fd >= 0)
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Reads what `fd` has now, keeping the first MAX_OUTPUT bytes of the probe's output.
void drain(Fd& fd, std::string& output, bool& truncated) {
  char buf[4096];
  while (fd.get() >= 0) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n <= 0) {
      if (n == 0 || (errno != EAGAIN && errno != EINTR))
        fd.reset(); // EOF or error: nothing more to read
      if (n == 0 || errno != EINTR)
        return;
      continue;
    }
    size_t room = health::MAX_OUTPUT - std::min(output.size(), health::MAX_OUTPUT);
    output.append(buf, std::min<size_t>(room, static_cast<size_t>(n)));
    truncated = truncated || static_cast<size_t>(n) > room;
  }
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
      guarded([this](const std::string& id) { container_stopped(id); }));
  for (const auto& r : m_containers.running_records())
    container_started(r);
}

void HealthMonitor::container_started(const ContainerRecord& r) {
  const auto& hc = r.config.healthcheck;
  auto argv = hc ? health::probe_command(*hc, r.config.shell) : std::nullopt;
  Lock lock(m_mutex);
  if (!argv) {
    m_watches.erase(r.id);
    return;
  }
  Watch& w = m_watches[r.id];
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
}

void HealthMonitor::container_stopped(const std::string& id) {
  Lock lock(m_mutex);
  auto it = m_watches.find(id);
  if (it == m_watches.end() || !it->second.active)
    return;
  Watch& w = it->second;
  m_timers.cancel(w.timer);
  w.generation++;
  w.active = false;
  w.probe.reset();
  w.health.status = health::UNHEALTHY; // Docker's, once the monitor has stopped
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
  if (!container || container->state.status != Status::Running ||
      container->state.started_at != w.started_at) {
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

uint64_t HealthMonitor::track(Watch& w, const std::string& exec_id, int64_t start,
                              StartedExec& started) {
  Probe& p = w.probe.emplace();
  p.seq = ++m_seq;
  p.exec_id = exec_id;
  p.start = start;
  p.output = started.failure;
  p.out = std::move(started.stdout_fd);
  p.err = std::move(started.stderr_fd);
  set_nonblocking(p.out.get());
  set_nonblocking(p.err.get());
  std::string id = w.container_id;
  uint64_t seq = p.seq;
  p.timeout_timer =
      m_timers.call_after(millis(w.timings.timeout), [this, id, seq] { on_timeout(id, seq); });
  p.drain_timer = m_timers.call_after(DRAIN_TICK, [this, id, seq] { drain_tick(id, seq); });
  return seq;
}

HealthMonitor::Watch* HealthMonitor::active_probe(const std::string& id, uint64_t seq) {
  auto it = m_watches.find(id);
  if (it == m_watches.end() || !it->second.probe || it->second.probe->seq != seq)
    return nullptr;
  return &it->second;
}

void HealthMonitor::drain_tick(const std::string& id, uint64_t seq) {
  Lock lock(m_mutex);
  Watch* w = active_probe(id, seq);
  if (!w)
    return;
  Probe& p = *w->probe;
  drain(p.out, p.output, p.truncated);
  drain(p.err, p.output, p.truncated);
  p.drain_timer = m_timers.call_after(DRAIN_TICK, [this, id, seq] { drain_tick(id, seq); });
}

void HealthMonitor::on_probe_exit(const std::string& id, uint64_t seq, int code) {
  std::string exec_id;
  {
    Lock lock(m_mutex);
    Watch* w = active_probe(id, seq);
    if (!w)
      return;
    Probe& p = *w->probe;
    drain(p.out, p.output, p.truncated);
    drain(p.err, p.output, p.truncated);
    std::string output = health::kept_output(p.output, p.truncated);
    exec_id = finish(*w, code, std::move(output));
  }
  m_execs.forget(exec_id);
}

void HealthMonitor::on_timeout(const std::string& id, uint64_t seq) {
  std::string exec_id;
  {
    Lock lock(m_mutex);
    Watch* w = active_probe(id, seq);
    if (!w)
      return;
    std::string text =
        "Health check exceeded timeout (" + health::go_duration(w->timings.timeout) + ")";
    exec_id = finish(*w, -1, std::move(text));
  }
  (void)m_execs.kill(exec_id, SIGKILL);
  m_execs.forget(exec_id);
}

std::string HealthMonitor::finish(Watch& w, int exit_code, std::string output) {
  Probe p = std::move(*w.probe);
  w.probe.reset();
  m_timers.cancel(p.timeout_timer);
  m_timers.cancel(p.drain_timer);
  api::HealthcheckResult result{format_rfc3339_nano(p.start), format_rfc3339_nano(now_unix_nanos()),
                                exit_code, std::move(output)};
  // Docker's event on each change of status; the bus only queues it (safe under our lock).
  if (health::record_result(w.health, std::move(result), p.start, w.started_at, w.timings))
    m_containers.emit_event(w.container_id, "health_status: " + w.health.status);
  schedule(w);
  return p.exec_id;
}

} // namespace mydocker::engine
