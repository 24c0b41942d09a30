// The strings of a JSON array (other elements skipped; anything but an array gives none):
// image configs, container configs and stored lists all carry string arrays.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mydocker::api {

inline std::vector<std::string> json_strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string())
        out.push_back(v.get<std::string>());
  return out;
}

} // namespace mydocker::api
