#include "layers/registry/manifest.hpp"

#include "api/types/manifest.hpp"

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
  return api::is_image_index(content_type, body);
}

namespace {

Descriptor descriptor(const api::ContentDescriptor& d) {
  Descriptor out{d.media_type, d.digest, d.size, {}};
  if (d.platform)
    out.platform = {d.platform->os, d.platform->architecture, d.platform->variant};
  return out;
}

} // namespace

Result<Manifest> parse_manifest(const std::string& content_type, const json& body) {
  api::ImageManifest decoded = TRY(api::decode_image_manifest_json(body, content_type));
  Manifest m;
  m.media_type = decoded.media_type;
  m.config = descriptor(decoded.config);
  for (const auto& layer : decoded.layers)
    m.layers.push_back(descriptor(layer));
  return m;
}

Result<Descriptor> select_platform(const json& body, const Platform& want) {
  api::ImageIndex index = TRY(api::decode_image_index_json(body));
  std::optional<Descriptor> loose;
  for (const auto& entry : index.manifests) {
    Descriptor d = descriptor(entry);
    if (!entry.platform || d.platform.os != want.os || d.platform.architecture != want.architecture)
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
