// Encoding wire structs the way Docker's daemon marshals them: every field, zero values included.
#pragma once

#include <nlohmann/json.hpp>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

template <class T> bool is_zero(const T& v) {
  if constexpr (IsVector<T>::value || IsMap<T>::value || std::is_same_v<T, StrSlice>)
    return v.empty();
  else if constexpr (IsOptional<T>::value)
    return !v.has_value();
  else if constexpr (WireStruct<T>)
    return false;
  else
    return v == T{};
}

template <class T> nlohmann::json encode_value(const T& v, Empty empty = Empty::Null);

// Writes every listed field: zero values as Docker writes them, `Empty::Omit` ones left out.
class Encoder {
public:
  explicit Encoder(nlohmann::json& out) : m_out(out) {}
  template <class T> void operator()(const char* key, const T& v, Empty empty = Empty::Null) {
    if (empty == Empty::Omit && is_zero(v))
      return;
    m_out[key] = encode_value(v, empty);
  }

private:
  nlohmann::json& m_out;
};

template <class T> nlohmann::json encode_value(const T& v, Empty empty) {
  using nlohmann::json;
  if constexpr (IsVector<T>::value || IsMap<T>::value || std::is_same_v<T, StrSlice>) {
    if (v.empty())
      return empty == Empty::Value ? json(IsMap<T>::value ? json::object() : json::array())
                                   : json(nullptr);
    json out = IsMap<T>::value ? json::object() : json::array();
    if constexpr (IsMap<T>::value)
      for (const auto& [key, item] : v)
        out[key] = encode_value(item, Empty::Value);
    else
      for (const auto& item : v)
        out.push_back(encode_value(item, Empty::Value));
    return out;
  } else if constexpr (IsOptional<T>::value) {
    return v ? encode_value(*v, Empty::Value) : json(nullptr); // given = not nil
  } else if constexpr (WireStruct<T>) {
    json out = json::object();
    Encoder e(out);
    T::fields(v, e);
    return out;
  } else {
    return json(v);
  }
}

template <class T> nlohmann::json encode(const T& v) {
  return encode_value(v, Empty::Value);
}

} // namespace mydocker::api
