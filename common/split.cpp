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

} // namespace mydocker
