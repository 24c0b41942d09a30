// DELETE /containers/{id}: Docker's 409s, force kill, and freeing the container layer.
#include <signal.h>

#include <filesystem>

#include "engine/container_service.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

Result<void> ContainerService::remove(const std::string& ref, bool force) {
  std::unique_lock lock(m_mutex);
  auto e = TRY(find(ref));
  ContainerRecord& r = e->record;
  bool running = r.state.status == Status::Running || r.state.status == Status::Paused;
  bool restarting = r.state.status == Status::Restarting;
  if (r.state.status == Status::Removing)
    return conflict("removal of container " + ref + " is already in progress");
  if ((running || restarting) && !force) {
    std::string what = r.state.status == Status::Paused ? "paused and must be unpaused first"
                       : restarting                     ? "restarting"
                                                        : "running";
    return conflict("cannot remove container \"/" + r.name + "\": container is " + what +
                    ": stop the container before removing or force remove");
  }
  if (running) {
    r.stopped_by_user = true;
    (void)m_runtime.signal(r.id, SIGKILL);
    (void)m_runtime.freeze(r.id, false);
    auto exited = [&] {
      return r.state.status != Status::Running && r.state.status != Status::Paused;
    };
    m_changed.wait_for(lock, std::chrono::seconds(30), exited);
    if (!m_containers.count(r.id))
      return {}; // AutoRemove took it meanwhile
  }
  return remove_locked(e, lock);
}

Result<void> ContainerService::remove_locked(std::shared_ptr<Entry> e,
                                             std::unique_lock<std::mutex>& lock) {
  ContainerRecord& r = e->record;
  cancel_restart(*e);
  r.state.status = Status::Removing;
  (void)m_runtime.cleanup(r.id);
  TRY_VOID(m_images.remove_container_layer(r.id));
  std::error_code ec;
  std::filesystem::remove_all(container_dir(m_config, r.id), ec);
  if (m_volumes)
    release_volumes(*m_volumes, r.host_config.binds, r.id);
  m_containers.erase(r.id);
  auto fire = take_waiters(*e, true);
  m_changed.notify_all();
  lock.unlock();
  for (auto& f : fire)
    f();
  lock.lock();
  return {};
}

} // namespace mydocker::engine
