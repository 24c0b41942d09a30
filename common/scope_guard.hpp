// Undo actions for multi-step setup: run on scope exit unless dismissed (design.md §5.7).
#pragma once

#include <functional>
#include <utility>
#include <vector>

namespace mydocker {

class Rollback {
public:
  Rollback() = default;
  Rollback(const Rollback&) = delete;
  Rollback& operator=(const Rollback&) = delete;
  ~Rollback() {
    for (auto it = m_undo.rbegin(); it != m_undo.rend(); ++it)
      (*it)();
  }
  void add(std::function<void()> undo) { m_undo.push_back(std::move(undo)); }
  void dismiss() { m_undo.clear(); }

private:
  std::vector<std::function<void()>> m_undo;
};

} // namespace mydocker
