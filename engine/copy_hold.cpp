#include "engine/copy_hold.hpp"

#include "engine/container_service.hpp"

namespace mydocker::engine {

CopyHold& CopyHold::operator=(CopyHold&& other) noexcept {
  if (this != &other) {
    release();
    m_entry = std::move(other.m_entry);
  }
  return *this;
}

void CopyHold::release() {
  if (!m_entry)
    return;
  {
    std::lock_guard lock(m_entry->mutex);
    m_entry->busy = Busy::None;
  }
  m_entry->changed.notify_all();
  m_entry.reset();
}

Result<HeldContainer> ContainerService::hold_for_copy(const std::string& ref) {
  Lock lock;
  auto e = TRY(acquire(ref, lock)); // after the verb in progress (a start, a removal)
  HeldContainer held{e->record, CopyHold()};
  if (has_process(e->record.state.status) || e->record.state.status == Status::Removing)
    return held; // copied through its process's root, or refused by the copy itself
  e->busy = Busy::Copying;
  held.hold = CopyHold(e);
  return held;
}

} // namespace mydocker::engine
