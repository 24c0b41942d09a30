#include "api/server/version_gate.hpp"

#include <cctype>
#include <charconv>

namespace mydocker::api {

std::optional<ApiVersion> parse_api_version(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos)
    return std::nullopt;
  ApiVersion v;
  auto parse = [](std::string_view s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
  };
  if (!parse(text.substr(0, dot), v.major) || !parse(text.substr(dot + 1), v.minor))
    return std::nullopt;
  return v;
}

VersionedPath split_version_prefix(std::string_view path) {
  // "/v" + [0-9.]+ + "/" ...
  if (path.size() > 3 && path.substr(0, 2) == "/v" &&
      std::isdigit(static_cast<unsigned char>(path[2]))) {
    size_t end = 2;
    while (end < path.size() &&
           (std::isdigit(static_cast<unsigned char>(path[end])) || path[end] == '.'))
      ++end;
    if (end == path.size() || path[end] == '/') {
      std::string rest(path.substr(end));
      return {rest.empty() ? "/" : rest, std::string(path.substr(2, end - 2))};
    }
  }
  return {std::string(path), ""};
}

Result<ApiVersion> check_api_version(const std::string& text) {
  if (text.empty())
    return MAX_API_VERSION;
  auto v = parse_api_version(text);
  if (!v)
    return invalid_argument("invalid API version: " + text);
  if (*v > MAX_API_VERSION)
    return invalid_argument("client version " + text +
                            " is too new. Maximum supported API version is " +
                            MAX_API_VERSION.str());
  if (*v < MIN_API_VERSION)
    return invalid_argument(
        "client version " + text + " is too old. Minimum supported API version is " +
        MIN_API_VERSION.str() + ", please upgrade your client to a newer version");
  return *v;
}

} // namespace mydocker::api
