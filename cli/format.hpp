// Docker's human formats (go-units) and its tab-aligned tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/human_format.hpp"

namespace mydocker::cli {

using mydocker::human_duration;
using mydocker::human_size;

// text/tabwriter(minwidth 10, padding 3), as the docker CLI prints tables.
class Table {
public:
  // Keep: a line ending in a tab keeps its padding (tabwriter does; --format tables show it).
  enum class Trailing { Trim, Keep };
  explicit Table(std::vector<std::string> header) { m_rows.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  std::string render(Trailing trailing = Trailing::Trim) const;

private:
  std::vector<std::vector<std::string>> m_rows;
};

} // namespace mydocker::cli
