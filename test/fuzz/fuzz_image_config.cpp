// The image config decoder never crashes, and what it accepts re-encodes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/types/image_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto config = mydocker::api::decode_image_config(input);
  if (config)
    (void)mydocker::api::encode_image_run_config(config->config).dump();
  return 0;
}
