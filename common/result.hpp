// Result<T> and Error: the one error idiom of mydocker (design.md §3).
#pragma once

#include <cerrno>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace mydocker {

// Error kinds; api/server maps each to one HTTP status.
enum class Errc {
  InvalidArgument, // 400
  NotFound,        // 404
  Conflict,        // 409
  NotModified,     // 304
  Unauthorized,    // 401
  Forbidden,       // 403
  Unavailable,     // 503
  NotImplemented,  // 501
  Internal,        // 500
};

struct [[nodiscard]] Error {
  Errc code = Errc::Internal;
  int sys_errno = 0;
  std::string message;

  // "outer: inner" context, only meaningful for Internal errors.
  Error with_context(std::string_view outer) const {
    Error e = *this;
    if (e.code == Errc::Internal)
      e.message = std::string(outer) + ": " + e.message;
    return e;
  }
};

template <class T = void> using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> make_error(Errc code, std::string message) {
  return tl::unexpected<Error>(Error{code, 0, std::move(message)});
}

// A failed syscall: keeps errno and names the call ("mount overlay: Invalid argument").
tl::unexpected<Error> sys_error(std::string_view call, int err = errno);

inline tl::unexpected<Error> not_found(std::string m) {
  return make_error(Errc::NotFound, std::move(m));
}
inline tl::unexpected<Error> conflict(std::string m) {
  return make_error(Errc::Conflict, std::move(m));
}
inline tl::unexpected<Error> invalid_argument(std::string m) {
  return make_error(Errc::InvalidArgument, std::move(m));
}
inline tl::unexpected<Error> internal_error(std::string m) {
  return make_error(Errc::Internal, std::move(m));
}

std::string_view errc_name(Errc code);

} // namespace mydocker

// Propagate an error out of an ordinary function; yields the value otherwise.
// GCC statement expression: never use inside a coroutine (GCC 12 ICE), use CO_TRY there.
#define TRY(expr)                                                                                  \
  ({                                                                                               \
    auto&& try_result_ = (expr);                                                                   \
    if (!try_result_)                                                                              \
      return tl::unexpected<::mydocker::Error>(std::move(try_result_).error());                    \
    std::move(try_result_).value();                                                                \
  })

// Same for Result<void>.
#define TRY_VOID(expr)                                                                             \
  do {                                                                                             \
    auto&& try_result_ = (expr);                                                                   \
    if (!try_result_)                                                                              \
      return tl::unexpected<::mydocker::Error>(std::move(try_result_).error());                    \
  } while (0)

// Coroutine form: declares `var` or co_returns the error converted by the caller's return type.
#define CO_TRY(var, expr)                                                                          \
  auto var##_result_ = (expr);                                                                     \
  if (!var##_result_)                                                                              \
    co_return tl::unexpected<::mydocker::Error>(std::move(var##_result_).error());                 \
  auto var = std::move(var##_result_).value()
