// Docker's detach keys ("ctrl-p,ctrl-q" by default, `detachKeys` on attach): parsed as the
// docker CLI's term.ToBytes does, and found in a TTY attach's stdin as it streams by.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::api {

inline constexpr const char* DEFAULT_DETACH_KEYS = "ctrl-p,ctrl-q";

// "ctrl-p,ctrl-q" -> "\x10\x11"; single characters stand for themselves. Docker's 400 text
// for anything else.
Result<std::string> parse_detach_keys(std::string_view text);

// Passes stdin through; bytes that could start the sequence are held back until they either
// complete it (detached) or turn out not to (then they are passed on).
class DetachScanner {
public:
  explicit DetachScanner(std::string keys) : m_keys(std::move(keys)) {}
  // The bytes to forward; sets `detached` once the whole sequence was typed (what follows
  // it is dropped).
  std::string feed(std::string_view data, bool& detached);

private:
  std::string m_keys;
  size_t m_matched = 0;
};

} // namespace mydocker::api
