#include "api/types/json_field_reader.hpp"

namespace mydocker::api {

using nlohmann::json;

JsonFieldReader::JsonFieldReader(const json& object, std::string where)
    : m_object(object), m_where(std::move(where)) {}

std::string JsonFieldReader::path(const char* key) const {
  return m_where.empty() ? key : m_where + "." + key;
}

void JsonFieldReader::fail(const std::string& field, const std::string& why) {
  if (!m_error)
    m_error = Error{Errc::InvalidArgument, 0, field + ": " + why};
}

void JsonFieldReader::wrong_type(const char* key, const char* wanted) {
  const json* m = member(key);
  fail(path(key),
       std::string("cannot unmarshal ") + (m ? m->type_name() : "?") + " into " + wanted);
}

const json* JsonFieldReader::member(const char* key) const {
  if (!m_object.is_object())
    return nullptr;
  auto it = m_object.find(key);
  if (it == m_object.end() || it->is_null())
    return nullptr;
  return &*it;
}

bool JsonFieldReader::has(const char* key) const {
  return member(key) != nullptr;
}

std::string JsonFieldReader::string(const char* key) {
  const json* m = member(key);
  if (m && m->is_string())
    return m->get<std::string>();
  if (m)
    wrong_type(key, "a string");
  return {};
}

int64_t JsonFieldReader::integer(const char* key) {
  const json* m = member(key);
  if (m && (m->is_number_integer()))
    return m->get<int64_t>();
  if (m)
    wrong_type(key, "an integer");
  return 0;
}

bool JsonFieldReader::boolean(const char* key) {
  const json* m = member(key);
  if (m && m->is_boolean())
    return m->get<bool>();
  if (m)
    wrong_type(key, "a boolean");
  return false;
}

std::vector<std::string> JsonFieldReader::strings(const char* key) {
  std::vector<std::string> out;
  const json* m = member(key);
  if (!m)
    return out;
  if (!m->is_array()) {
    wrong_type(key, "an array of strings");
    return out;
  }
  for (const auto& v : *m) {
    if (!v.is_string() && !v.is_null()) {
      fail(path(key), std::string("cannot unmarshal ") + v.type_name() + " into a string");
      return {};
    }
    out.push_back(v.is_string() ? v.get<std::string>() : "");
  }
  return out;
}

std::map<std::string, std::string> JsonFieldReader::string_map(const char* key) {
  std::map<std::string, std::string> out;
  const json* m = member(key);
  if (!m)
    return out;
  if (!m->is_object()) {
    wrong_type(key, "an object of strings");
    return out;
  }
  for (const auto& [k, v] : m->items()) {
    if (!v.is_string() && !v.is_null()) {
      fail(path(key) + "." + k,
           std::string("cannot unmarshal ") + v.type_name() + " into a string");
      return {};
    }
    out[k] = v.is_string() ? v.get<std::string>() : "";
  }
  return out;
}

std::vector<std::string> JsonFieldReader::keys(const char* key) {
  std::vector<std::string> out;
  const json* m = member(key);
  if (m && m->is_object())
    for (const auto& [k, v] : m->items())
      out.push_back(k);
  else if (m)
    wrong_type(key, "an object");
  return out;
}

const json* JsonFieldReader::object(const char* key) {
  const json* m = member(key);
  if (m && !m->is_object()) {
    wrong_type(key, "an object");
    return nullptr;
  }
  return m;
}

const json* JsonFieldReader::array(const char* key) {
  const json* m = member(key);
  if (m && !m->is_array()) {
    wrong_type(key, "an array");
    return nullptr;
  }
  return m;
}

bool is_sha256_digest(const std::string& digest) {
  return digest.size() == 71 && digest.compare(0, 7, "sha256:") == 0 &&
         digest.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

} // namespace mydocker::api
