// The `filters` query parameter never crashes the parser, with and without an allow list.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/types/filters.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  (void)mydocker::api::parse_filters(input, {});
  (void)mydocker::api::parse_filters(input, {"dangling", "label", "reference"});
  return 0;
}
