// Answers of the registry (distribution) API read by pull: the tag list and the error body.
// Decoding never throws; anything unreadable gives an empty list or no error entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mydocker::api {

// GET /v2/<name>/tags/list: {"name": ..., "tags": [...]}. Non-string entries are skipped.
std::vector<std::string> decode_tag_list(std::string_view body);

struct RegistryErrorEntry {
  std::string code; // "MANIFEST_UNKNOWN"; "UNKNOWN" when absent
  std::string message;
};
// The first entry of {"errors": [{"code", "message"}, ...]}; nullopt for any other body.
std::optional<RegistryErrorEntry> decode_registry_error(std::string_view body);

} // namespace mydocker::api
