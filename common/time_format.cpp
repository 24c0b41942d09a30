#include "common/time_format.hpp"

#include <cctype>
#include <charconv>
#include <ctime>
#include <limits>

namespace mydocker {

int64_t now_unix_nanos() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

namespace {

std::string format_seconds(int64_t secs) {
  time_t t = static_cast<time_t>(secs);
  tm parts{};
  ::gmtime_r(&t, &parts);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &parts);
  return buf;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool read_int(std::string_view& s, size_t digits, int& out) {
  if (s.size() < digits)
    return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + digits, out);
  if (ec != std::errc() || p != s.data() + digits)
    return false;
  s.remove_prefix(digits);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s.front() != c)
    return false;
  s.remove_prefix(1);
  return true;
}

} // namespace

std::string format_rfc3339_nano(int64_t unix_nanos) {
  if (unix_nanos == 0)
    return std::string(ZERO_TIME);
  int64_t secs = floor_div(unix_nanos, 1'000'000'000);
  int64_t frac = unix_nanos - secs * 1'000'000'000;
  std::string out = format_seconds(secs);
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 9 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0')
      digits.pop_back();
    out += "." + digits;
  }
  return out + "Z";
}

std::string format_rfc3339_fixed9(int64_t unix_nanos) {
  int64_t secs = floor_div(unix_nanos, 1'000'000'000);
  std::string digits = std::to_string(unix_nanos - secs * 1'000'000'000);
  digits.insert(0, 9 - digits.size(), '0');
  return format_seconds(secs) + "." + digits + "Z";
}

std::optional<int64_t> parse_rfc3339(std::string_view s) {
  tm parts{};
  int year, mon, day, hour, min, sec;
  if (!read_int(s, 4, year) || !expect(s, '-') || !read_int(s, 2, mon) || !expect(s, '-') ||
      !read_int(s, 2, day) || s.empty() ||
      (s.front() != 'T' && s.front() != 't' && s.front() != ' '))
    return std::nullopt;
  s.remove_prefix(1);
  if (!read_int(s, 2, hour) || !expect(s, ':') || !read_int(s, 2, min) || !expect(s, ':') ||
      !read_int(s, 2, sec))
    return std::nullopt;
  int64_t nanos = 0;
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    int64_t scale = 100'000'000;
    size_t n = 0;
    while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) {
      if (scale > 0) {
        nanos += (s[n] - '0') * scale;
        scale /= 10;
      }
      ++n;
    }
    if (n == 0)
      return std::nullopt;
    s.remove_prefix(n);
  }
  int64_t offset = 0;
  if (s == "Z" || s == "z") {
  } else if (s.size() == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':') {
    int oh, om;
    std::string_view rest = s.substr(1);
    if (!read_int(rest, 2, oh) || !expect(rest, ':') || !read_int(rest, 2, om))
      return std::nullopt;
    offset = (oh * 3600 + om * 60) * (s[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  parts.tm_year = year - 1900;
  parts.tm_mon = mon - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = min;
  parts.tm_sec = sec;
  int64_t secs = static_cast<int64_t>(::timegm(&parts)) - offset;
  // Unix nanoseconds fit 64 bits for years 1678 to 2262 only; others would overflow.
  constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1'000'000'000 - 1;
  if (secs > kMaxSeconds || secs < -kMaxSeconds)
    return std::nullopt;
  return secs * 1'000'000'000 + nanos;
}

namespace {

// Go's time.ParseDuration subset: sequences of <number><unit>, units ns us ms s m h.
std::optional<int64_t> parse_go_duration(std::string_view s) {
  if (s.empty())
    return std::nullopt;
  int64_t total = 0;
  while (!s.empty()) {
    size_t n = 0;
    while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.'))
      ++n;
    if (n == 0)
      return std::nullopt;
    double value = std::stod(std::string(s.substr(0, n)));
    s.remove_prefix(n);
    size_t u = 0;
    while (u < s.size() && std::isalpha(static_cast<unsigned char>(s[u])))
      ++u;
    std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    double mult;
    if (unit == "ns")
      mult = 1;
    else if (unit == "us" || unit == "µs")
      mult = 1e3;
    else if (unit == "ms")
      mult = 1e6;
    else if (unit == "s")
      mult = 1e9;
    else if (unit == "m")
      mult = 60e9;
    else if (unit == "h")
      mult = 3600e9;
    else
      return std::nullopt;
    total += static_cast<int64_t>(value * mult);
  }
  return total;
}

} // namespace

std::optional<int64_t> parse_timestamp_arg(std::string_view text, int64_t now_nanos) {
  if (text.empty())
    return std::nullopt;
  if (auto t = parse_rfc3339(text))
    return t;
  if (auto d = parse_go_duration(text))
    return now_nanos - *d;
  // Unix seconds with an optional fraction.
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  int64_t secs = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), secs);
  if (ec != std::errc() || p != whole.data() + whole.size())
    return std::nullopt;
  int64_t nanos = 0;
  if (dot != std::string_view::npos) {
    std::string_view frac = text.substr(dot + 1);
    int64_t scale = 100'000'000;
    for (char c : frac) {
      if (!std::isdigit(static_cast<unsigned char>(c)))
        return std::nullopt;
      if (scale > 0) {
        nanos += (c - '0') * scale;
        scale /= 10;
      }
    }
  }
  return secs * 1'000'000'000 + nanos;
}

} // namespace mydocker
