#include "api/types/image_commit_config.hpp"

#include "api/types/json_field_reader.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

// The fields of a container Config that belong in an image config (the OCI "config").
constexpr const char* IMAGE_CONFIG_KEYS[] = {
    "User",   "ExposedPorts", "Env",     "Entrypoint",  "Cmd",         "Volumes",     "WorkingDir",
    "Labels", "StopSignal",   "OnBuild", "Healthcheck", "ArgsEscaped", "StopTimeout", "Shell"};

const json* set_field(const json& object, const char* key) {
  if (!object.is_object())
    return nullptr;
  auto it = object.find(key);
  if (it == object.end())
    return nullptr;
  const json& v = *it;
  bool unset = v.is_null() || (v.is_string() && v.get<std::string>().empty()) ||
               (v.is_array() && v.empty()) || (v.is_object() && v.empty());
  return unset ? nullptr : &v;
}

} // namespace

json image_run_config_from(const json& request_config, const json& container_config) {
  json out = json::object();
  for (const char* key : IMAGE_CONFIG_KEYS) {
    if (const json* v = set_field(request_config, key))
      out[key] = *v;
    else if (const json* c = set_field(container_config, key))
      out[key] = *c;
  }
  return out;
}

std::string command_line_of(const json& container_config) {
  std::string out;
  for (const auto& part : JsonFieldReader(container_config, "").strings("Cmd"))
    out += (out.empty() ? "" : " ") + part;
  return out;
}

json child_image_config(json config, const ChildImage& child) {
  config["created"] = child.created;
  config["config"] = child.run_config;
  config.erase("container_config");
  config.erase("container");
  for (auto [key, value] : {std::pair{"author", child.author}, std::pair{"comment", child.comment}})
    value.empty() ? (void)config.erase(key) : (void)(config[key] = value);
  json step = {{"created", child.created}, {"created_by", child.created_by}};
  if (!child.author.empty())
    step["author"] = child.author;
  if (!child.comment.empty())
    step["comment"] = child.comment;
  if (child.new_diff_id.empty())
    step["empty_layer"] = true;
  if (!config.contains("history") || !config["history"].is_array())
    config["history"] = json::array();
  config["history"].push_back(step);
  if (!child.new_diff_id.empty())
    config["rootfs"]["diff_ids"].push_back(child.new_diff_id);
  return config;
}

} // namespace mydocker::api
