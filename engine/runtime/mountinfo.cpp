#include "engine/runtime/mountinfo.hpp"

#include <sstream>

#include "common/split.hpp"

namespace mydocker::runtime {

std::vector<MountinfoEntry> parse_mountinfo(const std::string& text) {
  std::vector<MountinfoEntry> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    size_t dash = line.find(" - ");
    if (dash == std::string::npos)
      continue;
    auto fields = split(line.substr(0, dash), ' ');
    auto tail = split(line.substr(dash + 3), ' ');
    if (fields.size() < 6 || tail.size() < 3)
      continue;
    out.push_back({fields[4], tail[0], tail[2], {fields.begin() + 6, fields.end()}});
  }
  return out;
}

} // namespace mydocker::runtime
