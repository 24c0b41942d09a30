#include "api/server/http_context.hpp"

#include <charconv>

namespace mydocker::api {

std::optional<std::string> Query::get(std::string_view key) const {
  auto it = m_values.find(key);
  if (it == m_values.end())
    return std::nullopt;
  return it->second;
}

std::vector<std::string> Query::all(std::string_view key) const {
  std::vector<std::string> out;
  auto [first, last] = m_values.equal_range(key);
  for (auto it = first; it != last; ++it)
    out.push_back(it->second);
  return out;
}

bool Query::get_bool(std::string_view key, bool fallback) const {
  auto value = get(key);
  if (!value)
    return fallback;
  // Docker (moby httputils.BoolValue): everything but "", "0", "no", "false", "none" is true.
  const std::string& v = *value;
  return !(v.empty() || v == "0" || v == "no" || v == "false" || v == "False" || v == "none" ||
           v == "FALSE");
}

Result<std::optional<int64_t>> Query::get_int(std::string_view key) const {
  auto value = get(key);
  if (!value || value->empty())
    return std::optional<int64_t>{};
  int64_t out = 0;
  auto [p, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc() || p != value->data() + value->size())
    return invalid_argument("invalid value for " + std::string(key) + ": " + *value);
  return std::optional<int64_t>{out};
}

std::optional<std::string> Request::header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  if (it == headers.end())
    return std::nullopt;
  return it->second;
}

Result<nlohmann::json> Request::json_body(nlohmann::json fallback) const {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return fallback;
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded())
    return invalid_argument("invalid JSON in request body");
  return parsed;
}

} // namespace mydocker::api
