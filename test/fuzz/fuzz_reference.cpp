// Image references: parsing never crashes, and an accepted reference's familiar form parses
// back to the same reference.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "layers/reference.hpp"

using namespace mydocker::layers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto ref = parse_reference(input);
  if (!ref)
    return 0;
  auto again = parse_reference(ref->familiar_string());
  if (!again || again->familiar_string() != ref->familiar_string() ||
      again->full_name() != ref->full_name())
    std::abort();
  return 0;
}
