// API version handling of moby's middleware/version.go: "/v1.44/containers/json".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/server/http_context.hpp"

namespace mydocker::api {

inline constexpr ApiVersion MAX_API_VERSION{1, 44};
inline constexpr ApiVersion MIN_API_VERSION{1, 24};

std::optional<ApiVersion> parse_api_version(std::string_view text);

struct VersionedPath {
  std::string path;    // without the version prefix
  std::string version; // "" when unversioned
};
VersionedPath split_version_prefix(std::string_view target_path);

// Resolves the request's version; InvalidArgument with dockerd's text when out of range.
Result<ApiVersion> check_api_version(const std::string& version_text);

} // namespace mydocker::api
