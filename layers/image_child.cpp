// create_child_image of LocalImageService: the images of Dockerfile steps.
#include "api/types/image_commit_config.hpp"
#include "common/time_format.hpp"
#include "layers/build_support.hpp"
#include "layers/local_image_service.hpp"

namespace mydocker::layers {

using nlohmann::json;

namespace {

// The config of FROM scratch: no layers, no history.
json scratch_config() {
  return {{"architecture", "amd64"},
          {"os", "linux"},
          {"config", json::object()},
          {"rootfs", {{"type", "layers"}, {"diff_ids", json::array()}}},
          {"history", json::array()}};
}

} // namespace

Result<Image> LocalImageService::create_child_image(const ChildImageOptions& o) {
  json base = scratch_config();
  std::vector<std::string> diff_ids;
  if (!o.parent_id.empty()) {
    Image parent = TRY(load(o.parent_id));
    base = parent.config_blob;
    diff_ids = parent.diff_ids;
  }
  api::ChildImage child{
      format_rfc3339_nano(now_unix_nanos()), "", "", o.created_by, o.run_config, ""};
  if (!o.layer_dir.empty()) {
    auto chains = chain_ids(diff_ids);
    auto layer = TRY(commit_layer(o.layer_dir, chains.empty() ? "" : chains.back()));
    if (layer)
      child.new_diff_id = layer->diff_id;
  } else if (!o.layer_diff_id.empty()) {
    diff_ids.push_back(o.layer_diff_id);
    if (!m_layers.exists(chain_ids(diff_ids).back()))
      return not_found("layer " + o.layer_diff_id + " is not stored on " + o.parent_id);
    child.new_diff_id = o.layer_diff_id;
  }
  std::lock_guard lock(m_mutex);
  json config = api::child_image_config(base, child);
  return load(TRY(add_image(config, o.parent_id, {})));
}

} // namespace mydocker::layers
