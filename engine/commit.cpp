// POST /commit and GET /containers/{id}/export: the container side of images made from
// containers; the layer work is the ImageService's.
#include "api/types/container_codec.hpp"
#include "common/log.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

Result<std::string> ContainerService::resolve(const std::string& ref) {
  std::lock_guard lock(m_mutex);
  return TRY(find(ref))->record.id;
}

Result<layers::Image> ContainerService::commit(const std::string& ref,
                                               const CommitRequest& request) {
  std::unique_lock lock(m_mutex);
  auto e = TRY(find(ref));
  ContainerRecord r = e->record;
  if (r.state.status == Status::Removing || r.state.status == Status::Dead)
    return conflict("You cannot commit container " + r.id + " which is being removed or dead");
  // Docker pauses a running container so that its files are read in one consistent state.
  bool froze = request.pause && r.state.status == Status::Running;
  if (froze)
    TRY_VOID(m_runtime.freeze(r.id, true));
  lock.unlock();
  layers::CommitOptions options{request.repo_tag, request.comment,        request.author,
                                request.changes,  api::to_json(r.config), request.config};
  auto image = m_images.commit(r.id, r.image_id, options);
  if (froze) {
    lock.lock();
    // The container may have been paused by the user or have exited meanwhile.
    if (e->record.state.status == Status::Running)
      if (auto thawed = m_runtime.freeze(r.id, false); !thawed)
        log::error("unpause after commit of " + r.id + ": " + thawed.error().message);
  }
  return image;
}

Result<void> ContainerService::export_rootfs(const std::string& id, int out_fd) {
  return m_images.export_container(id, out_fd);
}

} // namespace mydocker::engine
