// One container as the service holds it in memory: its record under its own mutex, the
// operation that is doing blocking work on it outside that mutex, its waiters, and a published
// copy of the record that readers (ps, inspect) take without waiting for any verb.
// The locking rules are at the top of engine/container_service.hpp.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "engine/container/container_record.hpp"
#include "engine/container/start_watchers.hpp"

namespace mydocker::engine {

enum class WaitCondition { NotRunning, NextExit, Removed };

// The blocking work a verb is doing with the entry's mutex released.
enum class Busy { None, Starting, Freezing, CleaningUp, Removing, Copying };

struct ContainerEntry {
  std::mutex mutex;                // guards everything below but the published view
  std::condition_variable changed; // state, busy, exits or removed changed
  ContainerRecord record;          // the truth; saved to disk on every change
  Busy busy = Busy::None;          // one operation at a time does blocking work
  uint64_t exits = 0;              // process exits seen; stop waits for the next one
  bool removed = false;            // gone from the index; holders of the pointer see 404
  std::vector<std::pair<WaitCondition, std::function<void(int)>>> waiters;
  // Attaches waiting for the next start (engine/attach.cpp).
  StartWatchers start_watchers;
  std::chrono::milliseconds restart_delay{0}; // the restart manager's backoff
  uint64_t restart_token = 0;                 // pending DelayedCalls entry, 0 = none

  // Waits (the mutex released meanwhile) until no operation does blocking work on it.
  void wait_idle(std::unique_lock<std::mutex>& lock) {
    changed.wait(lock, [this] { return busy == Busy::None; });
  }

  // Copies the record for readers; called with `mutex` held after every change.
  void publish() {
    auto copy = std::make_shared<const ContainerRecord>(record);
    std::lock_guard view_lock(m_view_mutex);
    m_view = std::move(copy);
  }
  std::shared_ptr<const ContainerRecord> view() const {
    std::lock_guard view_lock(m_view_mutex);
    return m_view;
  }

private:
  mutable std::mutex m_view_mutex; // held only to copy a pointer
  std::shared_ptr<const ContainerRecord> m_view;
};

} // namespace mydocker::engine
