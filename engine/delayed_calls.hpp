// One thread that runs callbacks after a delay (restart backoff). cancel() never waits for a
// running callback, so it may be called while holding locks the callback takes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace mydocker::engine {

class DelayedCalls {
public:
  using Clock = std::chrono::steady_clock;
  DelayedCalls();
  ~DelayedCalls(); // pending calls are dropped
  DelayedCalls(const DelayedCalls&) = delete;
  DelayedCalls& operator=(const DelayedCalls&) = delete;

  uint64_t call_after(std::chrono::milliseconds delay, std::function<void()> fn);
  void cancel(uint64_t token);
  size_t pending(); // calls not yet run (leak checks)

private:
  void run();
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  uint64_t m_next_token = 1;
  std::multimap<Clock::time_point, std::pair<uint64_t, std::function<void()>>> m_pending;
  std::thread m_thread;
};

} // namespace mydocker::engine
