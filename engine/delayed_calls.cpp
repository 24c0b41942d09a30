#include "engine/delayed_calls.hpp"

#include "common/log.hpp"

namespace mydocker::engine {

DelayedCalls::DelayedCalls() : m_thread([this] { run(); }) {}

DelayedCalls::~DelayedCalls() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

uint64_t DelayedCalls::call_after(std::chrono::milliseconds delay, std::function<void()> fn) {
  std::lock_guard lock(m_mutex);
  uint64_t token = m_next_token++;
  m_pending.emplace(Clock::now() + delay, std::make_pair(token, std::move(fn)));
  m_wake.notify_all();
  return token;
}

void DelayedCalls::cancel(uint64_t token) {
  std::lock_guard lock(m_mutex);
  for (auto it = m_pending.begin(); it != m_pending.end(); ++it)
    if (it->second.first == token) {
      m_pending.erase(it);
      return;
    }
}

size_t DelayedCalls::pending() {
  std::lock_guard lock(m_mutex);
  return m_pending.size();
}

void DelayedCalls::run() {
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    if (m_pending.empty()) {
      m_wake.wait(lock);
      continue;
    }
    auto first = m_pending.begin();
    if (first->first > Clock::now()) {
      m_wake.wait_until(lock, first->first);
      continue;
    }
    auto fn = std::move(first->second.second);
    m_pending.erase(first);
    lock.unlock();
    try { // an exception must not end the daemon through this thread
      fn();
    } catch (const std::exception& e) {
      log::error(std::string("delayed call failed: ") + e.what());
    } catch (...) {
      log::error("delayed call failed with an unknown exception");
    }
    lock.lock();
  }
}

} // namespace mydocker::engine
