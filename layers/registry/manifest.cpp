#include "layers/registry/manifest.hpp"

#include "layers/digest.hpp"

namespace mydocker::layers::registry {

using nlohmann::json;

std::string manifest_accept_header() {
  return std::string("Accept: ") + kDockerManifest + ", " + kDockerManifestList + ", " +
         kOciManifest + ", " + kOciIndex;
}

std::string Platform::str() const {
  return os + "/" + architecture + (variant.empty() ? "" : "/" + variant);
}

Result<Platform> parse_platform(const std::string& text) {
  Platform p;
  if (text.empty())
    return p;
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = text.find('/', start)) != std::string::npos; start = slash + 1)
    parts.push_back(text.substr(start, slash - start));
  parts.push_back(text.substr(start));
  for (const auto& part : parts)
    if (part.empty())
      return invalid_argument("\"" + text +
                              "\": unknown operating system or architecture: "
                              "invalid argument");
  if (parts.size() > 3)
    return invalid_argument("\"" + text +
                            "\": unknown operating system or architecture: "
                            "invalid argument");
  if (parts.size() == 1) { // "amd64" alone is an architecture of the host OS
    p.architecture = parts[0];
    return p;
  }
  p.os = parts[0];
  p.architecture = parts[1];
  if (parts.size() == 3)
    p.variant = parts[2];
  if (p.architecture == "x86_64")
    p.architecture = "amd64";
  if (p.architecture == "aarch64")
    p.architecture = "arm64";
  return p;
}

bool is_index(const std::string& content_type, const json& body) {
  std::string type = content_type.substr(0, content_type.find(';'));
  if (type == kDockerManifestList || type == kOciIndex)
    return true;
  std::string media = body.is_object() ? body.value("mediaType", "") : "";
  if (media == kDockerManifestList || media == kOciIndex)
    return true;
  return body.is_object() && body.contains("manifests") && !body.contains("layers");
}

namespace {

Descriptor descriptor(const json& j) {
  Descriptor d;
  d.media_type = j.value("mediaType", "");
  d.digest = j.value("digest", "");
  d.size = j.value("size", int64_t{0});
  if (j.contains("platform") && j["platform"].is_object()) {
    const auto& p = j["platform"];
    d.platform = {p.value("os", ""), p.value("architecture", ""), p.value("variant", "")};
  }
  return d;
}

} // namespace

Result<Manifest> parse_manifest(const std::string& content_type, const json& body) {
  if (!body.is_object())
    return invalid_argument("invalid manifest: not a JSON object");
  if (body.value("schemaVersion", 0) == 1)
    return invalid_argument("unsupported manifest format: Docker Image manifest v2, Schema 1 "
                            "is no longer supported");
  if (!body.contains("config") || !body.contains("layers") || !body["layers"].is_array())
    return invalid_argument("unsupported manifest media type " + content_type);
  Manifest m;
  m.media_type = body.value("mediaType", content_type.substr(0, content_type.find(';')));
  m.config = descriptor(body["config"]);
  if (!is_valid_digest(m.config.digest))
    return invalid_argument("invalid manifest: bad config digest");
  for (const auto& layer : body["layers"]) {
    m.layers.push_back(descriptor(layer));
    if (!is_valid_digest(m.layers.back().digest))
      return invalid_argument("invalid manifest: bad layer digest");
  }
  return m;
}

Result<Descriptor> select_platform(const json& index, const Platform& want) {
  std::optional<Descriptor> loose;
  if (index.contains("manifests") && index["manifests"].is_array())
    for (const auto& entry : index["manifests"]) {
      Descriptor d = descriptor(entry);
      if (d.platform.os != want.os || d.platform.architecture != want.architecture)
        continue;
      if (d.platform.variant == want.variant)
        return d;
      if (want.variant.empty() && !loose)
        loose = d; // no variant asked: the first of the architecture
    }
  if (loose)
    return *loose;
  return not_found("no matching manifest for " + want.str() + " in the manifest list entries");
}

std::string docker_manifest_json(const Descriptor& config, const std::vector<Descriptor>& layers) {
  using ordered = nlohmann::ordered_json;
  auto desc = [](const Descriptor& d) {
    return ordered{{"mediaType", d.media_type}, {"size", d.size}, {"digest", d.digest}};
  };
  ordered list = ordered::array();
  for (const auto& l : layers)
    list.push_back(desc(l));
  ordered m = {{"schemaVersion", 2},
               {"mediaType", kDockerManifest},
               {"config", desc(config)},
               {"layers", list}};
  return m.dump(3);
}

} // namespace mydocker::layers::registry
