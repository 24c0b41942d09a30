// Decoding with Docker's (Go encoding/json) rules: unknown keys ignored, null = zero value,
// a wrong type is an error naming the field.
#pragma once

#include <limits>

#include <nlohmann/json.hpp>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

// The Go type a field has in moby, for error texts.
template <class T> std::string go_type() {
  if constexpr (std::is_same_v<T, bool>)
    return "bool";
  else if constexpr (std::is_same_v<T, std::string>)
    return "string";
  else if constexpr (std::is_same_v<T, StrSlice>)
    return "strslice.StrSlice";
  else if constexpr (std::is_integral_v<T>)
    return std::string(std::is_signed_v<T> ? "int" : "uint") + std::to_string(sizeof(T) * 8);
  else if constexpr (IsVector<T>::value)
    return "[]" + go_type<typename T::value_type>();
  else if constexpr (IsMap<T>::value)
    return "map[string]" + go_type<typename T::mapped_type>();
  else if constexpr (IsOptional<T>::value)
    return go_type<typename T::value_type>();
  else if constexpr (WireStruct<T>)
    return T::go_name;
  else
    return "interface {}";
}

std::string json_kind(const nlohmann::json& j); // "string", "number", "bool", "array", "object"

template <class T>
void decode_value(const nlohmann::json& j, T& out, const std::string& path, std::string& error);

// Walks one JSON object into a struct; the first type mismatch is kept in `error`
// ("json: cannot unmarshal string into Go struct field HostConfig.Memory of type int64").
class Decoder {
public:
  Decoder(const nlohmann::json& object, std::string path, std::string& error)
      : m_object(object), m_path(std::move(path)), m_error(error) {}

  // Every field is tried, so a stored record with one bad field keeps the others.
  template <class T> void operator()(const char* key, T& out, Empty = Empty::Null) {
    auto it = m_object.find(key);
    if (it == m_object.end())
      return;
    std::string error;
    decode_value(*it, out, m_path + "." + key, error);
    if (m_error.empty())
      m_error = std::move(error);
  }

private:
  const nlohmann::json& m_object;
  std::string m_path;
  std::string& m_error;
};

bool decode_scalar(const nlohmann::json& j, bool& out);
bool decode_scalar(const nlohmann::json& j, std::string& out);
bool decode_integer(const nlohmann::json& j, int64_t min, uint64_t max, int64_t& out);
std::string type_error(const nlohmann::json& j, const std::string& path, const std::string& type);

// null keeps the zero value; unknown keys are ignored (Go's encoding/json).
template <class T>
void decode_value(const nlohmann::json& j, T& out, const std::string& path, std::string& error) {
  if (j.is_null())
    return;
  bool ok = true;
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
    ok = decode_scalar(j, out);
  } else if constexpr (std::is_integral_v<T>) {
    int64_t v = 0;
    ok = decode_integer(j, std::is_signed_v<T> ? int64_t(std::numeric_limits<T>::min()) : 0,
                        uint64_t(std::numeric_limits<T>::max()), v);
    out = static_cast<T>(v);
  } else if constexpr (std::is_same_v<T, StrSlice>) {
    if (j.is_string())
      out = {j.get<std::string>()};
    else if ((ok = j.is_array()))
      decode_value(j, static_cast<std::vector<std::string>&>(out), path, error);
  } else if constexpr (IsVector<T>::value) {
    if ((ok = j.is_array())) {
      out.assign(j.size(), typename T::value_type{});
      for (size_t i = 0; i < j.size() && error.empty(); ++i)
        decode_value(j[i], out[i], path, error);
    }
  } else if constexpr (IsMap<T>::value) {
    if ((ok = j.is_object()))
      for (auto it = j.begin(); it != j.end() && error.empty(); ++it)
        decode_value(*it, out[it.key()], path, error);
  } else if constexpr (IsOptional<T>::value) {
    decode_value(j, out.emplace(), path, error);
  } else {
    static_assert(WireStruct<T>, "no JSON rule for this type");
    if ((ok = j.is_object())) {
      Decoder d(j, path, error);
      T::fields(out, d);
    }
  }
  if (!ok && error.empty())
    error = type_error(j, path, go_type<T>());
}

// A whole struct from a JSON value: the error names the first wrongly typed field.
// `root` starts the field path in error texts ("HostConfig" -> "HostConfig.Memory").
template <class T>
std::optional<std::string> decode_into(const nlohmann::json& j, T& out, const std::string& root) {
  std::string error;
  decode_value(j, out, root, error);
  if (error.empty())
    return std::nullopt;
  return error;
}

} // namespace mydocker::api
