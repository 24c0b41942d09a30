// Docker's human formats (go-units) and its tab-aligned tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mydocker::cli {

// go-units HumanDuration: "Less than a second", "3 seconds", "About a minute", ...
std::string human_duration(int64_t seconds);
// go-units HumanSizeWithPrecision(size, 3): decimal units, "1.98MB", "512B".
std::string human_size(double bytes);

// text/tabwriter(minwidth 10, padding 3), as the docker CLI prints tables.
class Table {
public:
  explicit Table(std::vector<std::string> header) { m_rows.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  std::string render() const;

private:
  std::vector<std::vector<std::string>> m_rows;
};

} // namespace mydocker::cli
