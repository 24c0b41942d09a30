// Attaches made before a start (docker run: attach, then start), waiting for it. The start that
// counts an attach has its shim keep the output for it until it subscribes (up to 4 MiB, and
// the shim's grace after the output ends), so the count must match the attaches that will
// subscribe with a replay: an attach that leaves before the start is uncounted; one that
// registers while a start is under way is not counted for it and follows the live output; one
// counted that leaves without subscribing is forgone at the shim (it is not waited for).
// Not thread-safe: the container's entry mutex guards it (engine/container/container_entry.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace mydocker::engine {

class StartWatchers {
public:
  // counted: the shim keeps the start's output for this attach (it subscribes with a replay).
  using Notify = std::function<void(bool counted)>;

  // Waits for the next start to count it; a token for forget() (never 0).
  uint64_t add(Notify started);
  // A start takes every attach waiting now: how many the shim is to keep output for.
  int count_for_start();
  // That start failed: its attaches wait for the next start again (ahead of newer ones).
  void start_failed();

  struct Started {
    std::vector<std::function<void()>> calls; // run with no lock held
    int forgone = 0; // counted attaches that left meanwhile: the shim must be told
  };
  // That start succeeded: the counted attaches are told so; the ones that came during the
  // start are told to follow the live output.
  Started started();

  enum class Forgotten { Nothing, Uncounted, ForgoAtShim };
  // The attach `token` leaves without having subscribed.
  Forgotten forget(uint64_t token);

  bool start_under_way() const { return m_counting; }
  size_t waiting() const { return m_waiting.size(); }

private:
  struct Watcher {
    uint64_t token = 0;
    Notify started;
    bool left = false; // its client left while the start that counted it was under way
  };
  std::vector<Watcher> m_waiting;       // not counted yet
  std::vector<Watcher> m_counted;       // counted by the start under way
  std::vector<uint64_t> m_told_counted; // told "counted" by the last start
  bool m_counting = false;
  uint64_t m_next_token = 0;
};

} // namespace mydocker::engine
