// POST /commit and GET /containers/{id}/export: the container side of images made from
// containers; the layer work is the ImageService's.
#include "api/types/container_codec.hpp"
#include "common/log.hpp"
#include "common/scope_guard.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

Result<std::string> ContainerService::resolve(const std::string& ref) {
  return TRY(m_index.find(ref))->record.id; // the ID never changes: no lock needed
}

Result<layers::Image> ContainerService::commit(const std::string& ref,
                                               const CommitRequest& request) {
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  TRY(check(*e, Verb::Commit, ref));
  ContainerRecord r = e->record;
  // Docker pauses a running container so that its files are read in one consistent state.
  bool froze = request.pause && r.state.status == Status::Running;
  if (froze)
    TRY_VOID(set_frozen(*e, lock, true));
  // Whatever happens from here on (an error, an exception), what was frozen is thawed.
  Rollback thaw;
  if (froze)
    thaw.add([&] {
      if (!lock.owns_lock())
        lock.lock();
      e->wait_idle(lock);
      // The user may have paused it meanwhile (then it stays frozen) or it may have exited.
      if (e->removed || e->record.state.status != Status::Running)
        return;
      if (auto thawed = set_frozen(*e, lock, false); !thawed)
        log::error("unpause after commit of " + r.id + ": " + thawed.error().message);
    });
  lock.unlock(); // the layer is read without any lock
  layers::CommitOptions options{request.repo_tag, request.comment,        request.author,
                                request.changes,  api::to_json(r.config), request.config};
  return m_images.commit(r.id, r.image_id, options);
}

Result<void> ContainerService::export_rootfs(const std::string& id, int out_fd) {
  return m_images.export_container(id, out_fd);
}

} // namespace mydocker::engine
