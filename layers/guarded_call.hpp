// Worker threads of layers/ (pull and push pipelines) run their jobs through guarded_call:
// an exception thrown on such a thread would end the daemon; here it becomes an Internal
// error of that job (and a log line), so one hostile image fails one pull, nothing more.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "common/result.hpp"

namespace mydocker::layers {

// `fn` returns a Result<T>.
template <class F> auto guarded_call(std::string_view what, F&& fn) noexcept -> decltype(fn()) {
  std::string text;
  try {
    return fn();
  } catch (const std::exception& e) {
    text = e.what();
  } catch (...) {
    text = "unknown exception";
  }
  log::error(std::string(what) + ": unexpected exception: " + text);
  return internal_error(std::string(what) + ": " + text);
}

} // namespace mydocker::layers
