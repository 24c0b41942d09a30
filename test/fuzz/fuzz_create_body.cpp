// A container create body (any bytes as JSON) never crashes the typed decoder; what decodes
// also survives the defaults, the encoders and a second decode of its own output.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "api/types/container_codec.hpp"
#include "api/types/create_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto json = nlohmann::json::parse(data, data + size, nullptr, false);
  if (json.is_discarded())
    return 0;
  auto body = mydocker::api::decode_create_body(json);
  if (!body)
    return 0;
  mydocker::api::apply_create_defaults(*body);
  nlohmann::json config = mydocker::api::to_json(body->config);
  nlohmann::json host = mydocker::api::to_json(body->host_config);
  (void)mydocker::api::to_json(body->networking_config);
  mydocker::api::ContainerConfig again;
  mydocker::api::HostConfig host_again;
  if (mydocker::api::from_json(config, again) || mydocker::api::from_json(host, host_again))
    __builtin_trap(); // our own encoding must decode
  return 0;
}
