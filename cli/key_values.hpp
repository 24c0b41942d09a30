// "k=v" flags (--label, --opt; "k" alone is an empty value) into a JSON object, as docker's.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mydocker::cli {

inline nlohmann::json key_values(const std::vector<std::string>& items) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& item : items) {
    size_t eq = item.find('=');
    out[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
  }
  return out;
}

} // namespace mydocker::cli
