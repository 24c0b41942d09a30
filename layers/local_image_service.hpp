// ImageService on the local disk: config blobs (image IDs) in image/imagedb, layers in
// layers/, tags in image/repositories.json, container layers in containers-rw/.
#pragma once

#include <mutex>

#include "layers/content_store.hpp"
#include "layers/image_service.hpp"
#include "layers/layer_store.hpp"
#include "layers/tag_store.hpp"

namespace mydocker::layers {

class LocalImageService final : public ImageService {
public:
  explicit LocalImageService(const std::string& data_root);
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

private:
  Result<std::string> resolve_id(const std::string& reference) const;
  Result<Image> load(const std::string& image_id) const;
  std::vector<std::string> image_ids() const;
  Result<void> delete_image(const Image& image, bool noprune, nlohmann::json& report);

  std::string m_rw_root;
  ContentStore m_configs;
  LayerStore m_layers;
  TagStore m_tags;
  std::mutex m_mutex; // serialises changes (import, tag, remove)
};

} // namespace mydocker::layers
