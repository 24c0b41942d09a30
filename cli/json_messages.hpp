// The JSON-lines answers of /images/load and /images/create (import): print each message's text
// field; the first errorDetail ends it as docker does (its message, exit 1).
#pragma once

#include <string>

namespace mydocker::cli {

// `field` is "stream" (text carries its own newline) or "status" (a newline is added).
int print_json_messages(const std::string& body, const std::string& field);

} // namespace mydocker::cli
