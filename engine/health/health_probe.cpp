// The probe in flight of a watched container: its streams drained on a tick, its timeout, its
// result recorded into State.Health (engine/health/health_monitor.hpp).
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "common/log.hpp"
#include "common/time_format.hpp"
#include "engine/health/health_monitor.hpp"

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
  save_soon(w.container_id);
  return p.exec_id;
}

} // namespace mydocker::engine
