#include "common/random_id.hpp"

#include <sys/random.h>

#include <cstdint>
#include <vector>

namespace mydocker {

std::string random_hex_id(size_t bytes) {
  std::vector<uint8_t> raw(bytes);
  size_t got = 0;
  while (got < bytes) {
    ssize_t n = ::getrandom(raw.data() + got, bytes - got, 0);
    if (n > 0)
      got += static_cast<size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (uint8_t b : raw) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  // Docker never hands out an ID that is all digits (it would be ambiguous with a
  // number in some CLI arguments); regenerate in that unlikely case.
  if (out.find_first_not_of("0123456789") == std::string::npos)
    return random_hex_id(bytes);
  return out;
}

} // namespace mydocker
