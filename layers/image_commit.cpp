// commit and export of LocalImageService: a container's upper dir becomes a layer; a
// container's merged root filesystem becomes a tar.
#include <set>

#include "api/types/image_config.hpp"
#include "common/atomic_file.hpp"
#include "common/time_format.hpp"
#include "layers/archive/overlay_view.hpp"
#include "layers/archive/tar_writer.hpp"
#include "layers/config_changes.hpp"
#include "layers/digest.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

using nlohmann::json;

namespace {

// The fields of a container Config that belong in an image config (the OCI "config").
constexpr const char* IMAGE_CONFIG_KEYS[] = {
    "User",   "ExposedPorts", "Env",     "Entrypoint",  "Cmd",         "Volumes",     "WorkingDir",
    "Labels", "StopSignal",   "OnBuild", "Healthcheck", "ArgsEscaped", "StopTimeout", "Shell"};

bool is_set(const json& v) {
  return !v.is_null() && !(v.is_string() && v.get<std::string>().empty()) &&
         !(v.is_array() && v.empty()) && !(v.is_object() && v.empty());
}

// Docker's merge: the container's config, with the fields the request set winning.
json image_runtime_config(const CommitOptions& o) {
  json out = json::object();
  for (const char* key : IMAGE_CONFIG_KEYS) {
    if (o.config.is_object() && o.config.contains(key) && is_set(o.config[key]))
      out[key] = o.config[key];
    else if (o.container_config.is_object() && o.container_config.contains(key) &&
             is_set(o.container_config[key]))
      out[key] = o.container_config[key];
  }
  return out;
}

std::string created_by(const json& container_config) {
  std::string out;
  if (container_config.is_object() && container_config.contains("Cmd") &&
      container_config["Cmd"].is_array())
    for (const auto& part : container_config["Cmd"])
      if (part.is_string())
        out += (out.empty() ? "" : " ") + part.get<std::string>();
  return out;
}

// The new image's config: the base's, with the new runtime config, author, comment and one
// more history entry.
json child_config(json config, const CommitOptions& o, const json& runtime, bool empty) {
  std::string now = format_rfc3339_nano(now_unix_nanos());
  config["created"] = now;
  config["config"] = runtime;
  config.erase("container_config");
  config.erase("container");
  for (auto [key, value] : {std::pair{"author", o.author}, std::pair{"comment", o.comment}})
    value.empty() ? (void)config.erase(key) : (void)(config[key] = value);
  json step = {{"created", now}, {"created_by", created_by(o.container_config)}};
  if (!o.author.empty())
    step["author"] = o.author;
  if (!o.comment.empty())
    step["comment"] = o.comment;
  if (empty)
    step["empty_layer"] = true;
  if (!config.contains("history") || !config["history"].is_array())
    config["history"] = json::array();
  config["history"].push_back(step);
  return config;
}

} // namespace

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
  json runtime = image_runtime_config(o);
  TRY_VOID(apply_changes(o.changes, runtime));
  std::string tar = TRY(tree_tar(rw.upper_dir, WhiteoutMode::Overlay));
  // An unchanged container adds no layer, only a history entry (Docker's empty_layer).
  bool empty = tar.find_first_not_of('\0') == std::string::npos;
  json config = child_config(base.config_blob, o, runtime, empty);
  std::lock_guard lock(m_mutex);
  if (!empty) {
    auto chains = chain_ids(base.diff_ids);
    LayerInfo layer = TRY(m_layers.create(tar, chains.empty() ? "" : chains.back()));
    config["rootfs"]["diff_ids"].push_back(layer.diff_id);
  }
  return load(TRY(add_image(config, base.id, tags)));
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
