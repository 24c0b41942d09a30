// Manifest, index and docker-save manifest.json decoders never crash; what a decoder accepts
// holds only well-formed digests.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/types/json_field_reader.hpp"
#include "api/types/manifest.hpp"

using namespace mydocker::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto m = decode_image_manifest(input)) {
    if (!is_sha256_digest(m->config.digest) || m->layers.empty())
      std::abort();
    for (const auto& l : m->layers)
      if (!is_sha256_digest(l.digest) || l.size < 0)
        std::abort();
  }
  if (auto index = decode_image_index(input))
    for (const auto& entry : index->manifests)
      if (!is_sha256_digest(entry.digest))
        std::abort();
  (void)decode_save_manifest(input);
  return 0;
}
