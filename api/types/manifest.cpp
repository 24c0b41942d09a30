#include "api/types/manifest.hpp"

#include "api/types/json_field_reader.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

constexpr std::string_view kDockerList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";

std::optional<DescriptorPlatform> read_platform(JsonFieldReader& outer) {
  const json* object = outer.object("platform");
  if (!object)
    return std::nullopt;
  JsonFieldReader r(*object, outer.path("platform"));
  DescriptorPlatform p{r.string("os"), r.string("architecture"), r.string("variant")};
  if (r.error())
    outer.fail(outer.path("platform"), r.error()->message);
  return p;
}

ContentDescriptor read_descriptor(const json& j, const std::string& where, JsonFieldReader& top) {
  ContentDescriptor d;
  if (!j.is_object()) {
    top.fail(where, std::string("cannot unmarshal ") + j.type_name() + " into a descriptor");
    return d;
  }
  JsonFieldReader r(j, where);
  d.media_type = r.string("mediaType");
  d.digest = r.string("digest");
  d.size = r.integer("size");
  d.platform = read_platform(r);
  d.annotations = r.string_map("annotations");
  if (!r.error() && !is_sha256_digest(d.digest))
    r.fail(where + ".digest", "\"" + d.digest + "\" is not a sha256 digest");
  if (!r.error() && d.size < 0)
    r.fail(where + ".size", "negative");
  if (r.error())
    top.fail(where, r.error()->message);
  return d;
}

std::vector<ContentDescriptor> read_descriptors(JsonFieldReader& top, const char* key) {
  std::vector<ContentDescriptor> out;
  if (const json* list = top.array(key))
    for (size_t i = 0; i < list->size() && !top.error(); ++i)
      out.push_back(
          read_descriptor((*list)[i], std::string(key) + "[" + std::to_string(i) + "]", top));
  return out;
}

Result<json> parse(std::string_view bytes, const char* what) {
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded())
    return invalid_argument(std::string("invalid ") + what + ": not valid JSON");
  return j;
}

} // namespace

bool is_image_index(std::string_view content_type, const json& body) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  if (type == kDockerList || type == kOciIndex)
    return true;
  if (!body.is_object())
    return false;
  auto media = body.find("mediaType");
  if (media != body.end() && media->is_string() &&
      (media->get<std::string>() == kDockerList || media->get<std::string>() == kOciIndex))
    return true;
  return body.contains("manifests") && !body.contains("layers");
}

Result<ImageManifest> decode_image_manifest_json(const json& body, std::string_view content_type) {
  if (!body.is_object())
    return invalid_argument("invalid manifest: not a JSON object");
  JsonFieldReader r(body, "");
  ImageManifest m;
  m.schema_version = r.integer("schemaVersion");
  if (m.schema_version == 1)
    return invalid_argument("unsupported manifest format: Docker Image manifest v2, Schema 1 "
                            "is no longer supported");
  m.media_type = r.string("mediaType");
  if (m.media_type.empty())
    m.media_type = std::string(content_type.substr(0, content_type.find(';')));
  if (!r.error() && (!r.has("config") || !r.has("layers")))
    return invalid_argument("invalid manifest: no config or no layers (media type " + m.media_type +
                            ")");
  if (const json* config = r.object("config"))
    m.config = read_descriptor(*config, "config", r);
  m.layers = read_descriptors(r, "layers");
  if (!r.error() && m.layers.empty())
    r.fail("layers", "the manifest lists no layers");
  if (r.error())
    return invalid_argument("invalid manifest: " + r.error()->message);
  return m;
}

Result<ImageManifest> decode_image_manifest(std::string_view bytes, std::string_view content_type) {
  return decode_image_manifest_json(TRY(parse(bytes, "manifest")), content_type);
}

Result<ImageIndex> decode_image_index_json(const json& body) {
  if (!body.is_object())
    return invalid_argument("invalid index: not a JSON object");
  JsonFieldReader r(body, "");
  ImageIndex index;
  index.schema_version = r.integer("schemaVersion");
  index.media_type = r.string("mediaType");
  index.manifests = read_descriptors(r, "manifests");
  if (r.error())
    return invalid_argument("invalid index: " + r.error()->message);
  return index;
}

Result<ImageIndex> decode_image_index(std::string_view bytes) {
  return decode_image_index_json(TRY(parse(bytes, "index")));
}

Result<std::vector<SaveManifestEntry>> decode_save_manifest(std::string_view bytes) {
  json j = json::parse(bytes, nullptr, false);
  if (!j.is_array())
    return invalid_argument("invalid archive: manifest.json is not a list");
  std::vector<SaveManifestEntry> out;
  for (const auto& item : j) {
    JsonFieldReader r(item, "");
    SaveManifestEntry e{r.string("Config"), r.strings("RepoTags"), r.strings("Layers")};
    if (!r.error() && (!item.is_object() || e.config.empty()))
      r.fail("Config", "missing");
    if (r.error())
      return invalid_argument("invalid archive: manifest.json: " + r.error()->message);
    out.push_back(std::move(e));
  }
  return out;
}

} // namespace mydocker::api
