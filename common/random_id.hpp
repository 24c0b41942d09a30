// Random identifiers: 64 lower-case hex characters, like Docker's container IDs.
#pragma once

#include <string>

namespace mydocker {

std::string random_hex_id(size_t bytes = 32);
inline std::string short_id(const std::string& id) {
  return id.substr(0, 12);
}

} // namespace mydocker
