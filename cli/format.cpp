#include "cli/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mydocker::cli {

std::string human_duration(int64_t s) {
  auto plural = [](int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (s < 1)
    return "Less than a second";
  if (s == 1)
    return "1 second";
  if (s < 60)
    return std::to_string(s) + " seconds";
  int64_t minutes = s / 60;
  if (minutes == 1)
    return "About a minute";
  if (minutes < 60)
    return std::to_string(minutes) + " minutes";
  int64_t hours = static_cast<int64_t>(std::llround(s / 3600.0));
  if (hours == 1)
    return "About an hour";
  if (hours < 48)
    return std::to_string(hours) + " hours";
  if (hours < 24 * 7 * 2)
    return plural(hours / 24, "day");
  if (hours < 24 * 30 * 2)
    return plural(hours / 24 / 7, "week");
  if (hours < 24 * 365 * 2)
    return plural(hours / 24 / 30, "month");
  return plural(hours / 24 / 365, "year");
}

std::string human_size(double size) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int i = 0;
  while (size >= 1000 && i < 6) {
    size /= 1000;
    ++i;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g%s", size, units[i]);
  return buf;
}

namespace {
// Display columns of UTF-8 text: continuation bytes take no column ("…" is one).
size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}
} // namespace

std::string Table::render() const {
  std::vector<size_t> widths;
  for (const auto& row : m_rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c)
        widths.push_back(0);
      widths[c] = std::max(widths[c], columns(row[c]));
    }
  std::string out;
  for (const auto& row : m_rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size())
        line += std::string(std::max<size_t>(10, widths[c] + 3) - columns(row[c]), ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
  }
  return out;
}

} // namespace mydocker::cli
