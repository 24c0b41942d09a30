// docker cp into or out of a stopped container mounts its root in a short-lived child
// (engine/container_root.hpp). Meanwhile the container is marked busy, so a start, rm or commit
// waits until the copy is done (dockerd holds the container's lock across the copy), and no
// mutex is held across the copy itself (engine/container_service.hpp locking rules).
#pragma once

#include <memory>

#include "engine/container/container_entry.hpp"

namespace mydocker::engine {

class CopyHold {
public:
  CopyHold() = default; // nothing held: a running container's root is its own
  explicit CopyHold(std::shared_ptr<ContainerEntry> entry) : m_entry(std::move(entry)) {}
  CopyHold(CopyHold&& other) noexcept = default;
  CopyHold& operator=(CopyHold&& other) noexcept;
  CopyHold(const CopyHold&) = delete;
  CopyHold& operator=(const CopyHold&) = delete;
  ~CopyHold() { release(); }

  void release(); // the entry is idle again; the verbs waiting for it go on

private:
  std::shared_ptr<ContainerEntry> m_entry;
};

} // namespace mydocker::engine
