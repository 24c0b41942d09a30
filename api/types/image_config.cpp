#include "api/types/image_config.hpp"

#include "api/types/json_field_reader.hpp"
#include "common/time_format.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

ImageRunConfig read_run_config(JsonFieldReader& top) {
  ImageRunConfig c;
  const json* object = top.object("config");
  if (!object)
    return c;
  JsonFieldReader r(*object, "config");
  c.user = r.string("User");
  c.env = r.strings("Env");
  c.cmd = r.strings("Cmd");
  c.entrypoint = r.strings("Entrypoint");
  c.working_dir = r.string("WorkingDir");
  c.stop_signal = r.string("StopSignal");
  c.labels = r.string_map("Labels");
  c.exposed_ports = r.keys("ExposedPorts");
  c.volumes = r.keys("Volumes");
  c.on_build = r.strings("OnBuild");
  c.shell = r.strings("Shell");
  c.args_escaped = r.boolean("ArgsEscaped");
  if (r.error())
    top.fail("config", r.error()->message);
  return c;
}

ImageRootfs read_rootfs(JsonFieldReader& top) {
  ImageRootfs out;
  const json* object = top.object("rootfs");
  if (!object) {
    top.fail("rootfs", "missing (an image config must list its layers)");
    return out;
  }
  JsonFieldReader r(*object, "rootfs");
  out.type = r.string("type");
  out.diff_ids = r.strings("diff_ids");
  if (!r.error() && out.type != "layers")
    r.fail("rootfs.type", "\"" + out.type + "\" is not \"layers\"");
  for (const auto& d : out.diff_ids)
    if (!r.error() && !is_sha256_digest(d))
      r.fail("rootfs.diff_ids", "\"" + d + "\" is not a sha256 digest");
  if (r.error())
    top.fail("rootfs", r.error()->message);
  return out;
}

std::vector<ImageHistoryEntry> read_history(JsonFieldReader& top) {
  std::vector<ImageHistoryEntry> out;
  const json* list = top.array("history");
  if (!list)
    return out;
  for (const auto& item : *list) {
    if (!item.is_object() && !item.is_null()) {
      top.fail("history", std::string("cannot unmarshal ") + item.type_name() + " into an object");
      return {};
    }
    JsonFieldReader r(item, "history");
    out.push_back({r.string("created"), r.string("created_by"), r.string("author"),
                   r.string("comment"), r.boolean("empty_layer")});
    if (r.error()) {
      top.fail("history", r.error()->message);
      return {};
    }
  }
  return out;
}

// Docker's rule (moby image/store.go): history may not claim more layers than rootfs has.
void check_layer_count(JsonFieldReader& r, const ImageConfig& c) {
  size_t non_empty = 0;
  for (const auto& h : c.history)
    non_empty += h.empty_layer ? 0 : 1;
  if (non_empty > c.rootfs.diff_ids.size())
    r.fail("history", "too many non-empty layers in History section (" + std::to_string(non_empty) +
                          " for " + std::to_string(c.rootfs.diff_ids.size()) + " layers)");
}

} // namespace

Result<ImageConfig> decode_image_config_json(const json& j) {
  if (!j.is_object())
    return invalid_argument("invalid image config: not a JSON object");
  JsonFieldReader r(j, "");
  ImageConfig c;
  c.architecture = r.string("architecture");
  c.os = r.string("os");
  c.variant = r.string("variant");
  c.created = r.string("created");
  c.author = r.string("author");
  c.comment = r.string("comment");
  c.docker_version = r.string("docker_version");
  c.config = read_run_config(r);
  c.rootfs = read_rootfs(r);
  c.history = read_history(r);
  for (const auto& h : c.history)
    if (!h.created.empty() && !parse_rfc3339(h.created))
      r.fail("history.created", "\"" + h.created + "\" is not an RFC 3339 time");
  if (!c.created.empty()) {
    auto nanos = parse_rfc3339(c.created);
    if (!nanos)
      r.fail("created", "\"" + c.created + "\" is not an RFC 3339 time");
    c.created_unix_nanos = nanos.value_or(0);
  }
  check_layer_count(r, c);
  if (r.error())
    return invalid_argument("invalid image config: " + r.error()->message);
  return c;
}

Result<ImageConfig> decode_image_config(std::string_view blob) {
  json j = json::parse(blob, nullptr, false);
  if (j.is_discarded())
    return invalid_argument("invalid image config: not valid JSON");
  return decode_image_config_json(j);
}

json encode_image_run_config(const ImageRunConfig& c) {
  json out = json::object();
  auto set = [&out](const char* key, const auto& value) {
    if (!value.empty())
      out[key] = value;
  };
  set("User", c.user);
  set("Env", c.env);
  set("Cmd", c.cmd);
  set("Entrypoint", c.entrypoint);
  set("WorkingDir", c.working_dir);
  set("StopSignal", c.stop_signal);
  set("Labels", c.labels);
  set("OnBuild", c.on_build);
  set("Shell", c.shell);
  for (const auto& p : c.exposed_ports)
    out["ExposedPorts"][p] = json::object();
  for (const auto& v : c.volumes)
    out["Volumes"][v] = json::object();
  if (c.args_escaped)
    out["ArgsEscaped"] = true;
  return out;
}

} // namespace mydocker::api
