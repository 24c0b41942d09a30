#include "api/types/distribution_wire.hpp"

#include <nlohmann/json.hpp>

#include "api/types/json_field_reader.hpp"

namespace mydocker::api {

using nlohmann::json;

std::vector<std::string> decode_tag_list(std::string_view body) {
  std::vector<std::string> out;
  json j = json::parse(body, nullptr, false);
  JsonFieldReader r(j, "");
  if (const json* tags = r.array("tags"))
    for (const auto& t : *tags)
      if (t.is_string())
        out.push_back(t.get<std::string>());
  return out;
}

std::optional<RegistryErrorEntry> decode_registry_error(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  JsonFieldReader top(j, "");
  const json* errors = top.array("errors");
  if (!errors || errors->empty())
    return std::nullopt;
  JsonFieldReader r(errors->front(), "errors");
  RegistryErrorEntry e{r.string("code"), r.string("message")};
  if (e.code.empty())
    e.code = "UNKNOWN";
  return e;
}

} // namespace mydocker::api
