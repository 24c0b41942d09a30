// stop and kill: signals, and the wait for the exit with no lock held.
#include <signal.h>

#include "engine/container/signals.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

Result<void> ContainerService::kill(const std::string& ref, const std::string& signal_text) {
  int signo = SIGKILL;
  if (!signal_text.empty())
    signo = TRY(parse_signal(signal_text));
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  TRY(check(*e, Verb::Kill, ref));
  e->record.stopped_by_user = true;
  return m_runtime.signal(e->record.id, signo);
}

bool ContainerService::wait_for_exit(Entry& e, Lock& lock, uint64_t exits_before,
                                     std::chrono::milliseconds limit) {
  return e.changed.wait_for(lock, limit, [&] { return e.exits != exits_before || e.removed; });
}

Result<void> ContainerService::stop(const std::string& ref, std::optional<int> timeout,
                                    const std::string& signal_text) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  auto next = TRY(check(*e, Verb::Stop, ref));
  if (r.state.status == Status::Restarting) { // stopping cancels the pending restart
    cancel_restart(*e);
    r.stopped_by_user = true;
    r.state.status = next.value_or(r.state.status);
    e->changed.notify_all();
    return store(*e);
  }
  int signo = TRY(
      parse_signal(signal_text.empty() ? r.config.value("StopSignal", "SIGTERM") : signal_text));
  int seconds = timeout.value_or(r.config.value("StopTimeout", 10));
  r.stopped_by_user = true;
  uint64_t exits = e->exits;
  (void)m_runtime.signal(r.id, signo);
  if (r.state.status == Status::Paused) // a frozen process cannot act on the signal
    (void)set_frozen(*e, lock, false);
  // The waits release the entry's mutex: ps, inspect, kill and rm -f go on meanwhile.
  if (seconds >= 0 && wait_for_exit(*e, lock, exits, std::chrono::seconds(seconds)))
    return {};
  (void)m_runtime.signal(r.id, SIGKILL);
  if (wait_for_exit(*e, lock, exits, KILL_EXIT_WAIT))
    return {};
  return internal_error("cannot stop container: " + ref +
                        ": tried to kill container, but did not receive an exit event");
}

} // namespace mydocker::engine
