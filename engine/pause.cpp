// pause and unpause: the freezer, written with the container's mutex released.
#include "engine/container_events.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

Result<void> ContainerService::set_frozen(Entry& e, Lock& lock, bool frozen) {
  const std::string id = e.record.id;
  // Freezing waits for the kernel to report it (up to seconds): never under the mutex.
  return run_unlocked(e, lock, Busy::Freezing, [&] { return m_runtime.freeze(id, frozen); });
}

Result<void> ContainerService::pause(const std::string& ref) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  auto next = TRY(check(*e, Verb::Pause, ref));
  TRY_VOID(set_frozen(*e, lock, true));
  // The state cannot have changed meanwhile: on_exit waits until the entry is idle.
  e->record.state.status = next.value_or(e->record.state.status);
  emit_container_event(e->record, "pause");
  return store(*e);
}

Result<void> ContainerService::unpause(const std::string& ref) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  auto next = TRY(check(*e, Verb::Unpause, ref));
  TRY_VOID(set_frozen(*e, lock, false));
  e->record.state.status = next.value_or(e->record.state.status);
  emit_container_event(e->record, "unpause");
  return store(*e);
}

} // namespace mydocker::engine
