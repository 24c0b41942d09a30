#include "layers/archive/tar_path.hpp"

#include "common/split.hpp"

namespace mydocker::layers {

std::vector<std::string> path_components(std::string_view path) {
  return path_elements(path);
}

Result<std::string> clean_member_path(std::string_view name) {
  std::vector<std::string> kept;
  for (auto& part : path_components(name)) {
    if (part == ".")
      continue;
    if (part == "..") {
      if (kept.empty())
        return invalid_argument("invalid tar member " + std::string(name) +
                                ": path escapes the extraction root");
      kept.pop_back();
      continue;
    }
    kept.push_back(part);
  }
  std::string out;
  for (auto& part : kept)
    out += (out.empty() ? "" : "/") + part;
  return out;
}

} // namespace mydocker::layers
