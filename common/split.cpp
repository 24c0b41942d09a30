#include "common/split.hpp"

#include <sstream>

namespace mydocker {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, sep);)
    parts.push_back(part);
  return parts;
}

std::vector<std::string> path_elements(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos)
      slash = path.size();
    if (slash > pos)
      out.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

} // namespace mydocker
