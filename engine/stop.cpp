// stop and kill. A stop signals at once and then waits for the exit without any thread: an
// exit waiter and two timers (the timeout, then SIGKILL's deadline) finish it, so a slow
// `stop -t 600` holds neither a lock nor a thread of the API's pool.
#include <signal.h>

#include <atomic>

#include "engine/container/signals.hpp"
#include "engine/container_events.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

// Shared by the exit waiter and the timers of one stop; whichever comes first finishes it.
struct ContainerService::StopProgress {
  std::function<void(Result<void>)> done;
  std::string ref;
  uint64_t exits_before = 0;
  std::atomic<bool> finished{false};
  void finish(Result<void> outcome) {
    if (!finished.exchange(true))
      done(std::move(outcome));
  }
};

Result<void> ContainerService::kill(const std::string& ref, const std::string& signal_text) {
  int signo = SIGKILL;
  if (!signal_text.empty())
    signo = TRY(parse_signal(signal_text));
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  TRY(check(*e, Verb::Kill, ref));
  e->record.stopped_by_user = true;
  TRY_VOID(m_runtime.signal(e->record.id, signo));
  emit_container_event(e->record, "kill", {{"signal", std::to_string(signo)}});
  return {};
}

Result<void> ContainerService::stop_async(const std::string& ref, std::optional<int> timeout,
                                          const std::string& signal_text,
                                          std::function<void(Result<void>)> done) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  auto next = TRY(check(*e, Verb::Stop, ref));
  done = [done = std::move(done), weak = std::weak_ptr<Entry>(e)](Result<void> outcome) {
    auto entry = weak.lock();
    if (outcome && entry) // dockerd's "stop" comes once the container has stopped
      emit_container_event(*entry->view(), "stop");
    done(std::move(outcome));
  };
  if (r.state.status == Status::Restarting) { // stopping cancels the pending restart
    cancel_restart(*e);
    r.stopped_by_user = true;
    r.state.status = next.value_or(r.state.status);
    e->changed.notify_all();
    auto saved = store(*e);
    lock.unlock();
    done(saved);
    return {};
  }
  int signo = TRY(parse_signal(!signal_text.empty()           ? signal_text
                               : r.config.stop_signal.empty() ? "SIGTERM"
                                                              : r.config.stop_signal));
  int seconds = timeout.value_or(r.config.stop_timeout.value_or(10));
  r.stopped_by_user = true;
  auto progress = std::make_shared<StopProgress>();
  progress->done = std::move(done);
  progress->ref = ref;
  progress->exits_before = e->exits;
  // Registered before the signal, under the mutex on_exit takes: the exit cannot be missed.
  e->waiters.emplace_back(WaitCondition::NextExit, [progress](int) { progress->finish({}); });
  if (m_runtime.signal(r.id, signo))
    emit_container_event(r, "kill", {{"signal", std::to_string(signo)}});
  if (r.state.status == Status::Paused) // a frozen process cannot act on the signal
    (void)set_frozen(*e, lock, false);
  auto delay = std::chrono::seconds(std::max(seconds, 0));
  m_stop_timers->call_after(delay, [this, e, progress] { kill_after_timeout(e, progress); });
  return {};
}

void ContainerService::kill_after_timeout(const EntryPtr& e,
                                          const std::shared_ptr<StopProgress>& progress) {
  {
    Lock lock(e->mutex);
    if (progress->finished || e->removed || e->exits != progress->exits_before)
      return;
    if (m_runtime.signal(e->record.id, SIGKILL))
      emit_container_event(e->record, "kill", {{"signal", std::to_string(SIGKILL)}});
  }
  m_stop_timers->call_after(KILL_EXIT_WAIT, [progress] {
    progress->finish(internal_error("cannot stop container: " + progress->ref +
                                    ": tried to kill container, but did not receive an exit "
                                    "event"));
  });
}

} // namespace mydocker::engine
