#include "api/types/container_codec.hpp"

#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"

namespace mydocker::api {

using nlohmann::json;

json to_json(const ContainerConfig& c) {
  return encode(c);
}
json to_json(const HostConfig& h) {
  return encode(h);
}
json to_json(const NetworkingConfig& n) {
  return encode(n);
}
json to_json(const ContainerInspect& i) {
  return encode(i);
}
json to_json(const ContainerSummary& s) {
  return encode(s);
}

std::optional<std::string> from_json(const json& j, ContainerConfig& out) {
  return decode_into(j, out, "Config");
}
std::optional<std::string> from_json(const json& j, HostConfig& out) {
  return decode_into(j, out, "HostConfig");
}
std::optional<std::string> from_json(const json& j, NetworkingConfig& out) {
  return decode_into(j, out, "NetworkingConfig");
}

} // namespace mydocker::api
