// Percent-encoding of URL query values and path parts: RFC 3986 unreserved characters
// (ALPHA, DIGIT, "-", ".", "_", "~") stay, every other byte becomes %XX.
#pragma once

#include <string>
#include <string_view>

namespace mydocker {

std::string percent_encode(std::string_view text);

} // namespace mydocker
