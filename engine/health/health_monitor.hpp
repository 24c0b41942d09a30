// Runs each running container's healthcheck (Config.Healthcheck) through ExecService and keeps
// State.Health. No thread per container: probes are started from one DelayedCalls thread, their
// exits arrive on ExecService's exit monitor, and a per-probe timer enforces the timeout. A
// probe's pipes are drained on a short tick so a chatty probe never blocks on a full pipe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/types/health_types.hpp"
#include "common/fd.hpp"
#include "engine/container/container_record.hpp"
#include "engine/delayed_calls.hpp"
#include "engine/exec_service.hpp"
#include "engine/health/health_policy.hpp"

namespace mydocker::engine {

class HealthMonitor {
public:
  HealthMonitor(ContainerService& containers, ExecService& execs);
  ~HealthMonitor();

  // Installs the ContainerService hooks and resumes probing the running containers (daemon
  // restart). Before serving.
  void connect();
  // A container (re)started: State.Health becomes "starting" and probing begins.
  void container_started(const ContainerRecord& r);
  // Its process ended: probing stops, the watch and its timers go; answers the final
  // State.Health (status "unhealthy", as Docker's) for the record, none if it was not watched.
  std::optional<api::Health> container_stopped(const std::string& id);
  // State.Health; none for a container that is not watched (the record keeps its last one).
  std::optional<api::Health> health(const std::string& id);
  // What the monitor holds (leak checks): containers watched, timers pending.
  struct Counts {
    size_t watches = 0;
    size_t timers = 0;
  };
  Counts counts();

private:
  struct Probe {
    uint64_t seq = 0; // which probe; a late exit or timer of an older one is ignored
    std::string exec_id;
    int64_t start = 0;
    Fd out, err;
    std::string output;
    bool truncated = false;
    uint64_t timeout_timer = 0, drain_timer = 0;
  };
  struct Watch {
    std::string container_id;
    uint64_t generation = 0; // bumped by each start and stop
    bool active = false;
    std::vector<std::string> argv;
    std::string user;
    health::Timings timings;
    int64_t started_at = 0;
    api::Health health;
    uint64_t timer = 0;
    std::optional<Probe> probe;
  };
  using Lock = std::unique_lock<std::mutex>;
  // Callbacks from ExecService and ContainerService threads may come after this monitor is
  // gone (shutdown): they run only while `alive`, holding its mutex.
  struct Alive {
    std::mutex mutex;
    bool alive = true;
  };
  template <class F> auto guarded(F f);

  void schedule(Watch& w);
  void run_probe(const std::string& id, uint64_t generation);
  void launch(const std::string& id, uint64_t generation);
  // The probe now in flight for `w`: its streams, its timeout and drain timers; its seq.
  uint64_t track(Watch& w, const std::string& exec_id, int64_t start, StartedExec& started);
  void on_probe_exit(const std::string& id, uint64_t seq, int code);
  void on_timeout(const std::string& id, uint64_t seq);
  void drain_tick(const std::string& id, uint64_t seq);
  // Records the result of the probe in flight and schedules the next; returns its exec ID.
  std::string finish(Watch& w, int exit_code, std::string output);
  Watch* active_probe(const std::string& id, uint64_t seq);
  // Saves the watch's State.Health into the record from the timer thread, where none of our
  // locks is held (ContainerService::save_health takes the entry's mutex).
  void save_soon(const std::string& id);

  ContainerService& m_containers;
  ExecService& m_execs;
  std::mutex m_mutex; // guards m_watches and m_seq
  std::map<std::string, Watch> m_watches;
  uint64_t m_seq = 0;
  std::shared_ptr<Alive> m_alive = std::make_shared<Alive>();
  DelayedCalls m_timers; // last member: its thread stops before the watches go
};

} // namespace mydocker::engine
