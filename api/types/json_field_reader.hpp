// Reads typed fields out of a JSON object with Go's encoding/json rules (unknown keys ignored,
// null = the zero value, a wrong type is an error naming the field), never throwing. The first
// error is kept; callers read every field, then check error().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::api {

class JsonFieldReader {
public:
  // `where` prefixes field names in errors ("config" -> "config.Env").
  JsonFieldReader(const nlohmann::json& object, std::string where);

  std::string string(const char* key);
  int64_t integer(const char* key);
  bool boolean(const char* key);
  std::vector<std::string> strings(const char* key);
  std::map<std::string, std::string> string_map(const char* key);
  // The keys of an object whose values are ignored ({"80/tcp": {}}).
  std::vector<std::string> keys(const char* key);
  // An object or array member for a nested reader; nullptr when absent or null.
  const nlohmann::json* object(const char* key);
  const nlohmann::json* array(const char* key);
  bool has(const char* key) const;

  std::string path(const char* key) const;
  void fail(const std::string& field, const std::string& why);
  const std::optional<Error>& error() const { return m_error; }

private:
  const nlohmann::json* member(const char* key) const;
  void wrong_type(const char* key, const char* wanted);

  const nlohmann::json& m_object;
  std::string m_where;
  std::optional<Error> m_error;
};

// "sha256:<64 lower hex>": the only digest form image content uses here.
bool is_sha256_digest(const std::string& digest);

} // namespace mydocker::api
