#include "engine/container/start_watchers.hpp"

#include <algorithm>

namespace mydocker::engine {

namespace {

template <typename T, typename Pred> bool erase_first(std::vector<T>& v, Pred pred) {
  auto it = std::find_if(v.begin(), v.end(), pred);
  if (it == v.end())
    return false;
  v.erase(it);
  return true;
}

} // namespace

uint64_t StartWatchers::add(Notify started) {
  uint64_t token = ++m_next_token;
  m_waiting.push_back({token, std::move(started), false});
  return token;
}

int StartWatchers::count_for_start() {
  m_counted = std::move(m_waiting);
  m_waiting.clear();
  m_told_counted.clear();
  m_counting = true;
  return static_cast<int>(m_counted.size());
}

void StartWatchers::start_failed() {
  std::erase_if(m_counted, [](const Watcher& w) { return w.left; });
  m_counted.insert(m_counted.end(), std::make_move_iterator(m_waiting.begin()),
                   std::make_move_iterator(m_waiting.end()));
  m_waiting = std::move(m_counted);
  m_counted.clear();
  m_counting = false;
}

StartWatchers::Started StartWatchers::started() {
  Started out;
  for (auto& w : m_counted) {
    if (w.left) {
      out.forgone++;
      continue;
    }
    m_told_counted.push_back(w.token);
    out.calls.push_back([notify = std::move(w.started)] { notify(true); });
  }
  for (auto& w : m_waiting) // registered while the start was under way
    out.calls.push_back([notify = std::move(w.started)] { notify(false); });
  m_counted.clear();
  m_waiting.clear();
  m_counting = false;
  return out;
}

StartWatchers::Forgotten StartWatchers::forget(uint64_t token) {
  if (erase_first(m_waiting, [token](const Watcher& w) { return w.token == token; }))
    return Forgotten::Uncounted;
  for (auto& w : m_counted)
    if (w.token == token) {
      w.left = true; // started() or start_failed() settles it
      return Forgotten::Uncounted;
    }
  if (erase_first(m_told_counted, [token](uint64_t t) { return t == token; }))
    return Forgotten::ForgoAtShim;
  return Forgotten::Nothing;
}

} // namespace mydocker::engine
