// LocalImageService::pull: manifest, config, layers (registry::LayerPipeline), then the
// config blob (= the image), the manifest and the references, in that order, so an
// interrupted pull never leaves an image whose layers are missing.
#include "api/types/image_config.hpp"
#include "common/event_bus.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"
#include "layers/registry/layer_pipeline.hpp"
#include "layers/registry/progress.hpp"

namespace mydocker::layers {

using nlohmann::json;
using registry::message;

namespace {

// Connection failures are the daemon's (500), as in dockerd.
Error as_pull_error(Error e) {
  if (e.code == Errc::Unavailable)
    e.code = Errc::Internal;
  return e;
}

} // namespace

Result<bool> LocalImageService::record_reference(const std::string& ref, const std::string& id) {
  std::lock_guard lock(m_mutex);
  auto old = m_tags.lookup(ref);
  if (old && *old == id)
    return true;
  TRY_VOID(m_tags.set(ref, id));
  return false;
}

// Under the mutex: concurrent pulls of one image write the same files.
Result<std::string> LocalImageService::store_pulled(const registry::ResolvedImage& resolved,
                                                    const std::string& config,
                                                    const Reference& ref) {
  std::lock_guard lock(m_mutex);
  TRY_VOID(m_manifests.put(resolved.manifest_bytes));
  std::string id = TRY(m_configs.put(config));
  for (const auto& layer : resolved.manifest.layers)
    registry::add_blob_source(m_sources, layer.digest, ref.domain + "/" + ref.repository);
  return id;
}

Result<std::pair<std::string, bool>> LocalImageService::pull_one(registry::RegistryClient& client,
                                                                 const Reference& ref,
                                                                 const registry::Platform& platform,
                                                                 const ProgressFn& progress) {
  auto resolved = registry::resolve_manifest(client, ref, platform);
  if (!resolved)
    return tl::unexpected(as_pull_error(resolved.error()));
  progress(message("Pulling from " + ref.repository, ref.digest.empty() ? ref.tag : ref.digest));
  const registry::Manifest& manifest = resolved->manifest;
  auto config_blob = registry::fetch_blob(client, ref.repository, manifest.config.digest);
  if (!config_blob)
    return tl::unexpected(as_pull_error(config_blob.error()));
  // Checked before any layer is fetched: nothing of an invalid image is stored.
  api::ImageConfig config = TRY(api::decode_image_config(*config_blob));
  auto jobs = TRY(registry::plan_layers(manifest, config, m_layers));
  {
    registry::LayerPipeline pipeline(client, ref.repository, std::move(jobs), m_layers, m_downloads,
                                     m_registry.max_concurrent_downloads, progress);
    if (auto pulled = pipeline.run(); !pulled)
      return tl::unexpected(as_pull_error(pulled.error()));
  }
  std::string id = TRY(store_pulled(*resolved, *config_blob, ref));
  bool up_to_date = TRY(record_reference(ref.familiar_name() + "@" + resolved->digest, id));
  if (ref.digest.empty())
    up_to_date = TRY(record_reference(ref.familiar_string(), id));
  progress(message("Digest: " + resolved->digest));
  return std::pair{id, up_to_date};
}

Result<Image> LocalImageService::pull(const std::string& reference, const PullOptions& options,
                                      const ProgressFn& progress) {
  Reference ref = TRY(parse_reference(reference));
  registry::Platform platform = TRY(registry::parse_platform(options.platform));
  registry::RegistryClient client(m_registry, ref.domain, options.auth, &m_cancel);
  if (auto connected = client.connect({registry::repository_scope(ref.repository, false)});
      !connected)
    return tl::unexpected(as_pull_error(connected.error()));
  std::vector<std::string> tags = {ref.tag};
  if (options.all_tags)
    tags = TRY(registry::list_tags(client, ref));
  std::string id;
  bool up_to_date = true;
  for (const auto& tag : tags) {
    Reference one = ref;
    one.tag = ref.digest.empty() ? tag : "";
    auto [pulled, current] = TRY(pull_one(client, one, platform, progress));
    events::publish_image("pull", one.familiar_string(), one.familiar_name());
    id = pulled;
    up_to_date = up_to_date && current;
  }
  progress(message(std::string("Status: ") +
                   (up_to_date ? "Image is up to date for " : "Downloaded newer image for ") +
                   (options.all_tags ? ref.familiar_name() : ref.familiar_string())));
  return load(id);
}

} // namespace mydocker::layers
