// Docker's time formats: RFC 3339 UTC with trimmed nanoseconds, and its zero time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mydocker {

inline constexpr std::string_view ZERO_TIME = "0001-01-01T00:00:00Z";

int64_t now_unix_nanos();
// "2026-11-24T10:00:00.12345Z" (fraction trimmed of trailing zeros, omitted when zero).
// 0 formats as ZERO_TIME.
std::string format_rfc3339_nano(int64_t unix_nanos);
// Exactly nine fractional digits, as `docker logs -t` prints them.
std::string format_rfc3339_fixed9(int64_t unix_nanos);
// Accepts RFC 3339 with optional fraction and Z or +hh:mm; nullopt if malformed.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// Docker's --since/--until values: unix seconds ("1700000000", "1700000000.5"),
// RFC 3339, or a Go duration relative to now ("10m", "1h30m").
std::optional<int64_t> parse_timestamp_arg(std::string_view text, int64_t now_nanos);

} // namespace mydocker
