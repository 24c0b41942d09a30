// ImageService on the local disk: config blobs (image IDs) in image/imagedb, layers in
// layers/, tags in image/repositories.json, container layers in containers-rw/.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "common/scope_guard.hpp"
#include "layers/archive/outer_archive.hpp"
#include "layers/archive/save_layout.hpp"

#include "layers/content_store.hpp"
#include "layers/image_service.hpp"
#include "layers/layer_store.hpp"
#include "layers/reference.hpp"
#include "layers/tag_store.hpp"

struct archive; // libarchive

namespace mydocker::layers {

namespace registry {
struct ResolvedImage;
struct Platform;
class RegistryClient;
} // namespace registry

class LocalImageService final : public ImageService {
public:
  LocalImageService(const std::string& data_root, RegistryConfig registry = {});
  Result<void> init();

  Result<Image> inspect(const std::string& reference) override;
  std::vector<Image> list() override;
  Result<Image> import(std::string_view tar, const ImportOptions& options) override;
  Result<void> tag(const std::string& source, const std::string& repo_tag) override;
  Result<nlohmann::json>
  remove(const std::string& reference, bool force, bool noprune,
         const std::function<std::optional<std::string>(const std::string&)>& used_by) override;
  Result<ContainerLayer> create_container_layer(const std::string& container_id,
                                                const std::string& image_id) override;
  Result<ContainerLayer> container_layer(const std::string& container_id) override;
  Result<void> remove_container_layer(const std::string& container_id) override;
  Result<Image> commit(const std::string& container_id, const std::string& image_id,
                       const CommitOptions& options) override;
  Result<void> export_container(const std::string& container_id, int out_fd) override;
  Result<void> save(const std::vector<std::string>& names, int out_fd) override;
  Result<std::vector<std::string>> load_archive(std::string_view archive) override;
  Result<nlohmann::json>
  prune(const PruneOptions& options,
        const std::function<std::optional<std::string>(const std::string&)>& used_by) override;
  // local_image_pull.cpp, local_image_push.cpp
  Result<Image> pull(const std::string& reference, const PullOptions& options,
                     const ProgressFn& progress) override;
  Result<PushResult> push(const std::string& reference, const RegistryAuth& auth,
                          const ProgressFn& progress) override;
  Result<void> login(const RegistryAuth& auth) override;
  void cancel_transfers() override { m_cancel = true; }
  Result<Image> create_child_image(const ChildImageOptions& options) override; // image_child.cpp
  void set_deletion_hook(std::function<void(const std::string&)> hook) override {
    std::lock_guard lock(m_mutex);
    m_deletion_hook = std::move(hook);
  }

private:
  Result<std::string> resolve_id(const std::string& reference) const;
  Result<Image> load(const std::string& image_id) const;
  std::vector<std::string> image_ids() const;
  Result<void> delete_image(const Image& image, bool noprune, nlohmann::json& report);
  Result<nlohmann::json> remove_unreadable(const std::string& image_id, const Error& why);
  bool has_children(const std::string& image_id) const;
  Result<void> delete_unused_parents(
      std::string parent, nlohmann::json& report,
      const std::function<std::optional<std::string>(const std::string&)>& used_by);
  // Stores a config blob whose layers exist, records its parent and tags it (caller locks).
  Result<std::string> add_image(const nlohmann::json& config, const std::string& parent,
                                const std::vector<std::string>& repo_tags);
  std::string parent_path(const std::string& image_id) const;
  Result<std::optional<LayerInfo>> commit_layer(const std::string& upper_dir,
                                                const std::string& parent);
  Result<std::vector<std::pair<std::string, std::vector<std::string>>>>
  save_targets(const std::vector<std::string>& names);
  Result<SavePlan> plan_save(const std::vector<std::string>& names);
  Result<LayerInfo> load_layer(const ArchiveFiles& files, const std::string& name,
                               const std::string& parent, const std::string& diff_id);
  Result<std::string> load_one(const ArchiveFiles& files, const std::string& config_name,
                               const std::vector<std::string>& layer_names, Rollback& undo);

  Result<std::pair<std::string, bool>> pull_one(registry::RegistryClient& client,
                                                const Reference& ref,
                                                const registry::Platform& platform,
                                                const ProgressFn& progress);
  Result<std::string> store_pulled(const registry::ResolvedImage& resolved,
                                   const std::string& config, const Reference& ref);
  // Records a pulled or pushed image's tag/digest; true if `ref` already named `id`.
  Result<bool> record_reference(const std::string& ref, const std::string& id);

  std::string m_rw_root;
  RegistryConfig m_registry;
  std::string m_downloads;  // verified blobs of unfinished pulls, tmp-* partial ones
  ContentStore m_manifests; // manifests as pulled or pushed, by digest
  std::atomic<bool> m_cancel{false};
  std::string m_sources; // per layer blob: the repositories it came from (cross mounts)
  ContentStore m_configs;
  LayerStore m_layers;
  TagStore m_tags;
  std::string m_meta_root; // <data-root>/image/metadata/<hex>.parent
  std::mutex m_mutex;      // serialises changes (import, tag, remove)
  std::function<void(const std::string&)> m_deletion_hook; // the build cache's (under m_mutex)
};

} // namespace mydocker::layers
