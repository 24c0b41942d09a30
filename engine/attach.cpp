// Attach and resize: the daemon's side of the shim's attach socket
// (engine/runtime/shim_socket.hpp). The route pumps the connection; this only finds the
// container's shim, and tells an attach made before a start when that start has happened.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/log.hpp"
#include "engine/container_service.hpp"
#include "engine/runtime/shim_socket.hpp"

namespace mydocker::engine {

namespace {

bool has_started_since(const ContainerRecord& r, int64_t started_at) {
  return is_running(r.state.status) && r.state.started_at != started_at;
}

} // namespace

Result<Fd> ContainerService::connect_attach(const std::string& id) {
  auto sock = runtime::connect_shim_socket(m_runtime.state_dir(id));
  if (!sock)
    return internal_error("attach to container " + id + ": " + sock.error().message);
  return sock;
}

Result<void> ContainerService::on_next_start(const std::string& id, int64_t started_at,
                                             std::function<void()> started) {
  auto e = TRY(m_index.find(id));
  Lock lock(e->mutex);
  if (e->removed)
    return not_found("No such container: " + id);
  if (!has_started_since(e->record, started_at)) {
    e->start_watchers.push_back(std::move(started));
    return {};
  }
  lock.unlock();
  started();
  return {};
}

// Called after every start that got as far as the shim's report (watch()).
void ContainerService::fire_start_watchers(Entry& e) {
  std::vector<std::function<void()>> fire;
  {
    std::lock_guard lock(e.mutex);
    fire.swap(e.start_watchers);
  }
  for (auto& f : fire)
    f();
}

Result<void> ContainerService::resize(const std::string& ref, int height, int width) {
  auto r = TRY(snapshot(ref));
  if (!is_running(r.state.status))
    return conflict("Container " + r.id + " is not running");
  auto sock = TRY(connect_attach(r.id));
  std::string message =
      runtime::resize_message(static_cast<uint16_t>(height), static_cast<uint16_t>(width));
  if (::send(sock.get(), message.data(), message.size(), MSG_NOSIGNAL) < 0)
    return internal_error("resize container " + r.id + ": " + std::strerror(errno));
  emit_event(r.id, "resize",
             {{"height", std::to_string(height)}, {"width", std::to_string(width)}});
  return {};
}

} // namespace mydocker::engine
