// LocalImageService::push and login: layer blobs as stored (so digests survive a round
// trip), uploaded in parallel, mounted from another repository of the same registry when
// a pull or push put them there; then the config and a Docker schema2 manifest.
#include <atomic>
#include <thread>

#include "common/event_bus.hpp"
#include "layers/digest.hpp"
#include "layers/guarded_call.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"
#include "layers/registry/blob_upload.hpp"
#include "layers/registry/distribution.hpp"
#include "layers/registry/manifest.hpp"
#include "layers/registry/progress.hpp"

namespace mydocker::layers {

using registry::layer_step;
using registry::message;

namespace {

struct PushLayer {
  LayerInfo info;
  std::string file;
  std::string id; // short diff ID, as dockerd shows it
  std::string mount_from;
  std::optional<Error> error;
};

// Docker schema2 only knows the docker media type names.
std::string docker_layer_type(const std::string& type) {
  if (type == "application/vnd.oci.image.layer.v1.tar+gzip" || type.empty())
    return kGzipLayerType;
  if (type == "application/vnd.oci.image.layer.v1.tar+zstd")
    return "application/vnd.docker.image.rootfs.diff.tar.zstd";
  if (type == "application/vnd.oci.image.layer.v1.tar")
    return "application/vnd.docker.image.rootfs.diff.tar";
  return type;
}

// A repository of the same registry that has the blob ("domain/repo" records).
std::string mount_source(const std::vector<std::string>& sources, const Reference& ref) {
  for (const auto& s : sources)
    if (s.rfind(ref.domain + "/", 0) == 0 && s != ref.domain + "/" + ref.repository)
      return s.substr(ref.domain.size() + 1);
  return "";
}

void push_layer(registry::RegistryClient& client, const Reference& ref, PushLayer& layer,
                const ProgressFn& progress) {
  registry::Throttle throttle;
  registry::UploadRequest up{ref.repository,
                             layer.info.blob_digest,
                             layer.info.blob_size,
                             layer.file,
                             "",
                             layer.mount_from,
                             nullptr};
  up.progress = [&](int64_t done, int64_t total) {
    if (throttle.ready(done, total))
      progress(registry::layer_progress("Pushing", layer.id, done, total));
  };
  auto outcome = registry::upload_blob(client, up);
  if (!outcome) {
    layer.error = outcome.error();
    return;
  }
  if (*outcome == registry::UploadOutcome::AlreadyExists)
    progress(layer_step("Layer already exists", layer.id));
  else if (*outcome == registry::UploadOutcome::Mounted)
    progress(layer_step("Mounted from " + layer.mount_from, layer.id));
  else
    progress(layer_step("Pushed", layer.id));
}

// Every layer on its own thread, at most `limit` at once, top layer first.
Result<void> push_layers(registry::RegistryClient& client, const Reference& ref,
                         std::vector<PushLayer>& layers, int limit, const ProgressFn& progress) {
  for (const auto& l : layers)
    progress(layer_step("Preparing", l.id));
  for (size_t i = static_cast<size_t>(std::max(1, limit)); i < layers.size(); ++i)
    progress(layer_step("Waiting", layers[i].id));
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, limit) && static_cast<size_t>(t) < layers.size(); ++t)
    threads.emplace_back([&] {
      for (size_t i; (i = next++) < layers.size();) {
        auto pushed = guarded_call("push layer", [&]() -> Result<void> {
          push_layer(client, ref, layers[i], progress);
          return {};
        });
        if (!pushed)
          layers[i].error = pushed.error();
      }
    });
  for (auto& t : threads)
    t.join();
  for (const auto& l : layers)
    if (l.error)
      return tl::unexpected(*l.error);
  return {};
}

// The image's layers top first, each with its stored blob and a repository to mount it
// from; the mount sources' pull scopes are added to `scopes`.
Result<std::vector<PushLayer>> plan_push(const LayerStore& store, const std::string& sources,
                                         const Image& image, const Reference& ref,
                                         std::vector<std::string>& scopes) {
  std::vector<PushLayer> layers;
  for (const auto& chain : chain_ids(image.diff_ids)) {
    LayerInfo info = TRY(store.get(chain));
    if (info.blob_digest.empty())
      return internal_error("layer " + chain + " has no stored blob to push");
    std::string from = mount_source(registry::blob_sources(sources, info.blob_digest), ref);
    if (!from.empty())
      scopes.push_back(registry::repository_scope(from, false));
    std::string id = digest_hex(info.diff_id).substr(0, 12);
    layers.insert(layers.begin(), PushLayer{info, store.blob_path(chain), id, from, {}});
  }
  return layers;
}

std::string manifest_for(const std::vector<PushLayer>& layers, const std::string& config_digest,
                         size_t config_size) {
  std::vector<registry::Descriptor> descs;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it)
    descs.push_back({docker_layer_type(it->info.blob_media_type),
                     it->info.blob_digest,
                     it->info.blob_size,
                     {}});
  registry::Descriptor config{
      registry::kDockerConfig, config_digest, static_cast<int64_t>(config_size), {}};
  return registry::docker_manifest_json(config, descs);
}

} // namespace

Result<PushResult> LocalImageService::push(const std::string& reference, const RegistryAuth& auth,
                                           const ProgressFn& progress) {
  Reference ref = TRY(parse_reference(reference));
  auto id = resolve_id(ref.familiar_string());
  if (!id)
    return not_found("An image does not exist locally with the tag: " + ref.familiar_name());
  Image image = TRY(load(*id));
  std::vector<std::string> scopes = {registry::repository_scope(ref.repository, true)};
  std::vector<PushLayer> layers = TRY(plan_push(m_layers, m_sources, image, ref, scopes));
  progress(message("The push refers to repository [" + ref.full_name() + "]"));
  registry::RegistryClient client(m_registry, ref.domain, auth, &m_cancel);
  TRY_VOID(client.connect(scopes));
  TRY_VOID(push_layers(client, ref, layers, m_registry.max_concurrent_uploads, progress));
  std::string config = TRY(m_configs.get(image.id));
  registry::UploadRequest up{
      ref.repository, image.id, static_cast<int64_t>(config.size()), "", config, "", nullptr};
  TRY_VOID(registry::upload_blob(client, up));
  std::string manifest = manifest_for(layers, image.id, config.size());
  std::string tag = ref.digest.empty() ? ref.tag : ref.digest;
  std::string digest =
      TRY(registry::put_manifest(client, ref.repository, tag, registry::kDockerManifest, manifest));
  {
    std::lock_guard lock(m_mutex); // concurrent pushes write the same files
    TRY_VOID(m_manifests.put(manifest));
    for (const auto& l : layers)
      registry::add_blob_source(m_sources, l.info.blob_digest, ref.domain + "/" + ref.repository);
  }
  TRY_VOID(record_reference(ref.familiar_name() + "@" + digest, image.id));
  PushResult result{tag, digest, static_cast<int64_t>(manifest.size())};
  events::publish_image("push", ref.familiar_string(), ref.familiar_name());
  progress(message(tag + ": digest: " + digest + " size: " + std::to_string(result.size)));
  progress({{"progressDetail", nlohmann::json::object()},
            {"aux", {{"Tag", tag}, {"Digest", digest}, {"Size", result.size}}}});
  return result;
}

Result<void> LocalImageService::login(const RegistryAuth& auth) {
  std::string host = auth.server_address;
  if (size_t scheme = host.find("://"); scheme != std::string::npos)
    host = host.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  if (host.empty() || host == "index.docker.io")
    host = "docker.io";
  registry::RegistryClient client(m_registry, host, auth);
  TRY_VOID(client.connect({}));
  registry::HttpRequest ping{"GET", "/v2/"};
  auto res = TRY(client.send(ping));
  if (res.status == 401)
    return make_error(Errc::Unauthorized, "login attempt to " + client.url("/v2/") +
                                              " failed with status: 401 Unauthorized");
  return {};
}

} // namespace mydocker::layers
