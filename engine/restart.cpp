// POST /containers/{id}/restart: stop (a stopped container is fine), then start.
#include "engine/container_service.hpp"

namespace mydocker::engine {

Result<void> ContainerService::restart(const std::string& ref, std::optional<int> timeout,
                                       const std::string& signal) {
  {
    Lock lock;
    auto e = TRY(acquire(ref, lock));
    TRY(check(*e, Verb::Restart, ref));
  }
  auto stopped = stop(ref, timeout, signal);
  if (!stopped && stopped.error().code != Errc::NotModified)
    return stopped;
  return start(ref);
}

} // namespace mydocker::engine
