#include "api/types/filters.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace mydocker::api {

Result<Filters> parse_filters(const std::string& text, const std::vector<std::string>& allowed) {
  Filters out;
  if (text.empty())
    return out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object())
    return invalid_argument("invalid filter: " + text);
  for (auto& [key, value] : j.items()) {
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return invalid_argument("invalid filter '" + key + "'");
    auto& values = out[key];
    if (value.is_object()) {
      for (auto& [v, enabled] : value.items())
        if (!enabled.is_boolean() || enabled.get<bool>())
          values.push_back(v);
    } else if (value.is_array()) {
      for (auto& v : value)
        if (v.is_string())
          values.push_back(v.get<std::string>());
    } else if (value.is_string()) {
      values.push_back(value.get<std::string>());
    } else {
      return invalid_argument("invalid filter '" + key + "'");
    }
  }
  return out;
}

} // namespace mydocker::api
