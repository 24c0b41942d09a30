// base64 (RFC 4648) for credentials: X-Registry-Auth, config.json "auth", Basic headers.
#pragma once

#include <string>
#include <string_view>

namespace mydocker {

enum class Base64Alphabet { Standard, Url };

// Padded output.
std::string base64_encode(std::string_view data,
                          Base64Alphabet alphabet = Base64Alphabet::Standard);
// Either alphabet, padding optional, surrounding whitespace ignored; false on invalid input.
bool base64_decode(std::string_view text, std::string& out);

} // namespace mydocker
