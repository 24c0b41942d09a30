// DELETE /containers/{id}: Docker's 409s, force kill, and freeing the container layer.
#include <signal.h>

#include <filesystem>

#include "engine/container_service.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

bool ContainerService::wait_for_exit(Entry& e, Lock& lock, uint64_t exits_before,
                                     std::chrono::milliseconds limit) {
  return e.changed.wait_for(lock, limit, [&] { return e.exits != exits_before || e.removed; });
}

Result<void> ContainerService::remove(const std::string& ref, bool force, bool remove_volumes) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  const Status before = r.state.status;
  TRY(check(*e, force ? Verb::ForceRemove : Verb::Remove, ref));
  if (has_process(before)) {
    // Marked first: a start, rename or commit that comes meanwhile is refused.
    uint64_t exits = e->exits;
    r.stopped_by_user = true;
    r.state.status = Status::Removing;
    e->publish();
    (void)m_runtime.signal(r.id, SIGKILL);
    (void)set_frozen(*e, lock, false); // a frozen process cannot die
    if (!wait_for_exit(*e, lock, exits, KILL_EXIT_WAIT)) {
      r.state.status = before;
      e->publish();
      return internal_error("Could not kill running container " + r.id +
                            ", cannot remove - tried to kill container, but did not receive an "
                            "exit event");
    }
    e->wait_idle(lock); // the exit's cleanup
    if (e->removed)
      return {};
  }
  return remove_entry(e, lock, remove_volumes);
}

// Called with the entry locked and idle, its process gone.
Result<void> ContainerService::remove_entry(const EntryPtr& e, Lock& lock, bool remove_volumes) {
  ContainerRecord& r = e->record;
  const std::string id = r.id;
  cancel_restart(*e);
  r.state.status = Status::Removing;
  e->publish();
  auto removed = run_unlocked(*e, lock, Busy::Removing, [&]() -> Result<void> {
    (void)m_runtime.cleanup(id);
    TRY_VOID(m_images.remove_container_layer(id));
    std::error_code ec;
    std::filesystem::remove_all(container_dir(m_config, id), ec);
    // AutoRemove removes the anonymous volumes too, as docker run --rm does.
    if (m_volumes)
      release_mounts(*m_volumes, r.mounts, id, remove_volumes || r.host_config.auto_remove);
    return {};
  });
  if (!removed) {
    r.state.status = Status::Dead; // Docker's state for a removal that failed half-way
    (void)store(*e);
    return removed;
  }
  e->removed = true;
  m_index.erase(id, r.name); // last: until here the name and the ID stay taken
  auto fire = take_waiters(*e, true);
  e->changed.notify_all();
  lock.unlock();
  for (auto& f : fire)
    f();
  lock.lock();
  return {};
}

} // namespace mydocker::engine
