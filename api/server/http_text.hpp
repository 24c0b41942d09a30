// Small pure helpers of the HTTP layer: percent-decoding, query parsing, reason phrases.
#pragma once

#include <string>
#include <string_view>

#include "api/server/http_context.hpp"

namespace mydocker::api {

std::string percent_decode(std::string_view text, bool plus_is_space);
Query parse_query(std::string_view query);
std::string_view reason_phrase(int status);
bool header_has_token(std::string_view value, std::string_view token); // case-insensitive

} // namespace mydocker::api
