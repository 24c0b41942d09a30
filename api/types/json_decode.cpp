#include "api/types/json_decode.hpp"

#include <cmath>

namespace mydocker::api {

using nlohmann::json;

std::string json_kind(const json& j) {
  if (j.is_string())
    return "string";
  if (j.is_number())
    return "number";
  if (j.is_boolean())
    return "bool";
  if (j.is_array())
    return "array";
  return "object";
}

bool decode_scalar(const json& j, bool& out) {
  if (!j.is_boolean())
    return false;
  out = j.get<bool>();
  return true;
}

bool decode_scalar(const json& j, std::string& out) {
  if (!j.is_string())
    return false;
  out = j.get<std::string>();
  return true;
}

bool decode_integer(const json& j, int64_t min, uint64_t max, int64_t& out) {
  if (j.is_number_unsigned()) {
    uint64_t v = j.get<uint64_t>();
    // Our integers live in int64_t; a uint64 above that range is refused like an overflow.
    if (v > max || v > uint64_t(std::numeric_limits<int64_t>::max()))
      return false;
    out = int64_t(v);
    return true;
  }
  if (j.is_number_integer()) {
    out = j.get<int64_t>();
    return out >= min;
  }
  if (j.is_number_float()) { // 1e9 from some clients: accepted when it is a whole number
    double d = j.get<double>();
    if (d != std::floor(d) || d < double(min) || d > double(max) || std::abs(d) > 9.2e18)
      return false;
    out = int64_t(d);
    return true;
  }
  return false;
}

std::string type_error(const json& j, const std::string& path, const std::string& type) {
  std::string kind = json_kind(j);
  if (j.is_number())
    kind += " " + j.dump();
  return "json: cannot unmarshal " + kind + " into Go struct field " + path + " of type " + type;
}

} // namespace mydocker::api
