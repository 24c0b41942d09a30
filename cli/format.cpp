#include "cli/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mydocker::cli {

namespace {
// Display columns of UTF-8 text: continuation bytes take no column ("…" is one).
size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}
} // namespace

std::string Table::render(Trailing trailing) const {
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
    while (trailing == Trailing::Trim && !line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
  }
  return out;
}

} // namespace mydocker::cli
