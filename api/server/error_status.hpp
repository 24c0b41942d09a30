// The one mapping from error kinds to HTTP status codes (design.md §3).
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::api {

int http_status(Errc code);
// Docker's error body: {"message":"..."} plus a newline.
std::string error_body(const std::string& message);

} // namespace mydocker::api
