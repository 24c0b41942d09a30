// Image references: parsing never crashes; the familiar form of an accepted reference parses,
// and back to the same reference unless Docker's own ambiguity applies ("docker.io/lr.io/x"
// familiarizes to "lr.io/x", a name on another registry, in Docker too).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "layers/reference.hpp"

using namespace mydocker::layers;

namespace {
bool first_component_looks_like_a_host(const std::string& repository) {
  std::string first = repository.substr(0, repository.find('/'));
  return first.find_first_of(".:") != std::string::npos || first == "localhost";
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto ref = parse_reference(input);
  if (!ref)
    return 0;
  auto again = parse_reference(ref->familiar_string());
  if (!again)
    std::abort();
  if (ref->domain == "docker.io" && first_component_looks_like_a_host(ref->repository))
    return 0; // Docker's ambiguity: the familiar form names another registry
  if (again->familiar_string() != ref->familiar_string() || again->full_name() != ref->full_name())
    std::abort();
  return 0;
}
