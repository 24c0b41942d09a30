// commit and export of LocalImageService: a container's upper dir becomes a layer; a
// container's merged root filesystem becomes a tar.
#include <fcntl.h>
#include <unistd.h>

#include <set>

#include "api/types/config_changes.hpp"
#include "api/types/image_commit_config.hpp"
#include "api/types/image_config.hpp"
#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "common/scope_guard.hpp"
#include "common/time_format.hpp"
#include "layers/archive/overlay_view.hpp"
#include "layers/archive/tar_writer.hpp"
#include "layers/digest.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

using nlohmann::json;

std::string LocalImageService::parent_path(const std::string& image_id) const {
  return m_meta_root + "/" + digest_hex(image_id) + ".parent";
}

Result<std::string> LocalImageService::add_image(const json& config, const std::string& parent,
                                                 const std::vector<std::string>& repo_tags) {
  TRY(api::decode_image_config_json(config)); // never store what a later read would refuse
  std::string id = TRY(m_configs.put(config.dump()));
  if (!parent.empty())
    TRY_VOID(write_file_atomic(parent_path(id), parent));
  for (const auto& tag : repo_tags)
    TRY_VOID(m_tags.set(tag, id));
  return id;
}

Result<Image> LocalImageService::commit(const std::string& container_id,
                                        const std::string& image_id, const CommitOptions& o) {
  std::vector<std::string> tags;
  if (!o.repo_tag.empty()) {
    Reference ref = TRY(parse_reference(o.repo_tag));
    if (!ref.digest.empty())
      return invalid_argument("refusing to create a tag with a digest reference");
    tags.push_back(ref.familiar_string());
  }
  ContainerLayer rw = TRY(container_layer(container_id));
  Image base = TRY(load(image_id));
  json runtime = api::image_run_config_from(o.config, o.container_config);
  TRY_VOID(api::apply_changes(o.changes, runtime));
  api::ChildImage child{format_rfc3339_nano(now_unix_nanos()),    o.author, o.comment,
                        api::command_line_of(o.container_config), runtime,  ""};
  // An unchanged container adds no layer, only a history entry (Docker's empty_layer).
  auto chains = chain_ids(base.diff_ids);
  auto layer = commit_layer(rw.upper_dir, chains.empty() ? "" : chains.back());
  if (!layer)
    return tl::unexpected(layer.error());
  if (*layer)
    child.new_diff_id = (*layer)->diff_id;
  std::lock_guard lock(m_mutex);
  json config = api::child_image_config(base.config_blob, child);
  return load(TRY(add_image(config, base.id, tags)));
}

// The upper dir's tar goes through a temp file into the layer store, as a stream: a
// container may have written gigabytes. nullopt when it changed nothing.
Result<std::optional<LayerInfo>> LocalImageService::commit_layer(const std::string& upper_dir,
                                                                 const std::string& parent) {
  std::string file = m_downloads + "/tmp-commit-" + random_hex_id(8);
  Fd out(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out)
    return sys_error("create " + file);
  Rollback drop;
  drop.add([&] { ::unlink(file.c_str()); }); // a no-op once the layer took the file
  Fd root(::open(upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root)
    return sys_error("open " + upper_dir);
  TarStats stats = TRY(write_tree_tar(root.get(), WhiteoutMode::Overlay, [&](std::string_view d) {
    return write_all_fd(out.get(), d);
  }));
  out = Fd();
  if (stats.entries == 0)
    return std::optional<LayerInfo>{};
  return std::optional<LayerInfo>{
      TRY(m_layers.create_from_blob(file, kPlainLayerType, parent, "", BlobForm::GzipPlainTar))};
}

Result<void> LocalImageService::export_container(const std::string& container_id, int out_fd) {
  ContainerLayer rw = TRY(container_layer(container_id));
  std::vector<std::string> lowers = {rw.upper_dir};
  lowers.insert(lowers.end(), rw.lower_dirs.begin(), rw.lower_dirs.end());
  Fd view = TRY(open_overlay_view(lowers));
  TRY_VOID(write_tree_tar(view.get(), WhiteoutMode::None,
                          [out_fd](std::string_view data) { return write_all_fd(out_fd, data); }));
  return {};
}

} // namespace mydocker::layers
