// Attach and resize: the daemon's side of the shim's attach socket
// (engine/runtime/shim_socket.hpp). The route pumps the connection; this only finds the
// container's shim, and tells an attach made before a start when that start has happened and
// whether it counted the attach (engine/container/start_watchers.hpp).
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

Result<uint64_t> ContainerService::on_next_start(const std::string& id, int64_t started_at,
                                                 StartWatchers::Notify started) {
  auto e = TRY(m_index.find(id));
  Lock lock(e->mutex);
  if (e->removed)
    return not_found("No such container: " + id);
  if (!has_started_since(e->record, started_at))
    return e->start_watchers.add(std::move(started));
  lock.unlock();
  started(false); // it runs already, with no output kept for this attach: the live output
  return 0;
}

void ContainerService::forget_start_watch(const std::string& id, uint64_t token) {
  auto e = m_index.find(id);
  if (!e || token == 0)
    return;
  Lock lock((*e)->mutex);
  if ((*e)->start_watchers.forget(token) != StartWatchers::Forgotten::ForgoAtShim)
    return;
  lock.unlock();
  forgo_attaches(id, 1);
}

// A start's attaches: those it counted are told so after it has run, those that came during
// it follow the live output; counted ones that left meanwhile are forgone at the shim.
void ContainerService::fire_start_watchers(const std::string& id, StartWatchers::Started started) {
  forgo_attaches(id, started.forgone);
  for (auto& call : started.calls)
    call();
}

// Subscribes with a replay and leaves at once, for each counted attach that is not coming:
// the shim stops keeping output and waiting for it.
void ContainerService::forgo_attaches(const std::string& id, int count) {
  const std::string message = runtime::shim_message(runtime::ShimMessage::Attach, "\1");
  if (count > 0)
    log::debug("container " + id + ": " + std::to_string(count) + " attach(es) forgone");
  for (int i = 0; i < count; ++i) {
    auto sock = runtime::connect_shim_socket(m_runtime.state_dir(id));
    if (!sock || ::send(sock->get(), message.data(), message.size(), MSG_NOSIGNAL) < 0)
      log::warn("container " + id + ": cannot forgo an attach at the shim");
  }
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
