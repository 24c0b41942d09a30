#include "layers/local_image_service.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "api/types/config_changes.hpp"
#include "api/types/image_config.hpp"
#include "common/atomic_file.hpp"
#include "common/event_bus.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "common/time_format.hpp"
#include "layers/archive/extract.hpp"
#include "layers/digest.hpp"
#include "layers/reference.hpp"
#include "layers/registry/distribution.hpp"

namespace mydocker::layers {

using nlohmann::json;

Result<std::unique_ptr<ImageService>> ImageService::open(std::string data_root,
                                                         RegistryConfig registry) {
  auto service = std::make_unique<LocalImageService>(data_root, std::move(registry));
  TRY_VOID(service->init());
  return std::unique_ptr<ImageService>(std::move(service));
}

LocalImageService::LocalImageService(const std::string& data_root, RegistryConfig registry)
    : m_rw_root(data_root + "/containers-rw"), m_registry(std::move(registry)),
      m_downloads(data_root + "/image/downloads"), m_manifests(data_root + "/image/manifests"),
      m_sources(data_root + "/image/distribution"), m_configs(data_root + "/image/imagedb"),
      m_layers(data_root + "/layers"), m_tags(data_root + "/image/repositories.json"),
      m_meta_root(data_root + "/image/metadata") {}

Result<void> LocalImageService::init() {
  TRY_VOID(m_configs.init());
  TRY_VOID(m_layers.init());
  TRY_VOID(m_manifests.init());
  TRY_VOID(make_dirs(m_rw_root));
  TRY_VOID(make_dirs(m_meta_root));
  TRY_VOID(make_dirs(m_downloads));
  TRY_VOID(make_dirs(m_sources));
  // Layers can hold setuid binaries and device nodes: no way in for other host users.
  std::string data_root = m_rw_root.substr(0, m_rw_root.rfind('/'));
  for (const char* dir : {"/layers", "/containers-rw", "/image"})
    if (::chmod((data_root + dir).c_str(), 0700) != 0)
      return sys_error("chmod " + data_root + dir);
  registry::sweep_partial_downloads(m_downloads);
  return m_tags.load();
}

namespace {

ImageRuntimeConfig runtime_config(const api::ImageRunConfig& c) {
  return {c.env,         c.cmd,    c.entrypoint,    c.working_dir, c.user,
          c.stop_signal, c.labels, c.exposed_ports, c.volumes};
}

bool is_hex(const std::string& s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

Result<Image> LocalImageService::load(const std::string& id) const {
  std::string blob = TRY(m_configs.get(id));
  auto config = api::decode_image_config(blob);
  if (!config)
    return internal_error("corrupt image record " + id + ": " + config.error().message);
  Image image;
  image.id = id;
  image.config_blob = json::parse(blob); // valid JSON: decoded above
  image.created = config->created_unix_nanos;
  image.diff_ids = config->rootfs.diff_ids;
  image.config = runtime_config(config->config);
  image.comment = config->comment;
  image.author = config->author;
  if (auto parent = read_file(parent_path(id)))
    image.parent = *parent;
  for (const auto& ref : m_tags.refs_of(id))
    (ref.find('@') == std::string::npos ? image.repo_tags : image.repo_digests).push_back(ref);
  for (const auto& chain : chain_ids(image.diff_ids)) {
    auto layer = m_layers.get(chain);
    image.layer_sizes.push_back(layer ? layer->size : 0);
    image.size += image.layer_sizes.back();
  }
  return image;
}

std::vector<std::string> LocalImageService::image_ids() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto& entry : std::filesystem::directory_iterator(m_configs.path("sha256:"), ec)) {
    std::string name = entry.path().filename().string();
    if (is_valid_digest("sha256:" + name))
      out.push_back("sha256:" + name);
  }
  return out;
}

Result<std::string> LocalImageService::resolve_id(const std::string& reference) const {
  std::string wanted = reference.rfind("sha256:", 0) == 0 ? reference.substr(7) : reference;
  if (reference.rfind("sha256:", 0) != 0) {
    if (auto ref = parse_reference(reference)) {
      if (auto id = m_tags.lookup(ref->familiar_string()))
        return *id;
    } else if (!is_hex(wanted)) {
      return tl::unexpected(ref.error());
    }
  }
  std::string found;
  if (is_hex(wanted))
    for (const auto& id : image_ids())
      if (id.compare(7, wanted.size(), wanted) == 0) {
        if (!found.empty())
          return invalid_argument("multiple IDs found with provided prefix: " + wanted);
        found = id;
      }
  if (!found.empty())
    return found;
  auto ref = parse_reference(reference);
  return not_found("No such image: " + (ref ? ref->familiar_string() : reference));
}

Result<Image> LocalImageService::inspect(const std::string& reference) {
  return load(TRY(resolve_id(reference)));
}

std::vector<Image> LocalImageService::list() {
  std::vector<Image> out;
  for (const auto& id : image_ids())
    if (auto image = load(id))
      out.push_back(std::move(*image));
    else // listed without it; `rmi` of its ID still removes it
      log::warn("image list: skipping " + id + ": " + image.error().message);
  return out;
}

Result<Image> LocalImageService::import(std::string_view input, const ImportOptions& options) {
  std::optional<Reference> target;
  if (!options.repo_tag.empty())
    target = TRY(parse_reference(options.repo_tag));
  json config = json::object();
  TRY_VOID(api::apply_changes(options.changes, config));
  // Through a temp file as a stream: the tar is never whole in memory, however it inflates.
  std::string file = m_downloads + "/tmp-import-" + random_hex_id(8);
  TRY_VOID(write_file_replace(file, input));
  std::lock_guard lock(m_mutex);
  auto layer =
      m_layers.create_from_blob(file, layer_media_type_of(input), "", "", BlobForm::GzipPlainTar);
  ::unlink(file.c_str()); // moved into the layer unless that failed or it existed
  if (!layer)
    return tl::unexpected(layer.error());
  std::string now = format_rfc3339_nano(now_unix_nanos());
  std::string comment = options.message.empty() ? "Imported from -" : options.message;
  json image = {{"architecture", "amd64"},
                {"os", "linux"},
                {"created", now},
                {"comment", comment},
                {"config", config},
                {"history", json::array({{{"created", now}, {"comment", comment}}})},
                {"rootfs", {{"type", "layers"}, {"diff_ids", json::array({layer->diff_id})}}}};
  TRY(api::decode_image_config_json(image)); // --change values end up in it
  std::string id = TRY(m_configs.put(image.dump()));
  if (target)
    TRY_VOID(m_tags.set(target->familiar_string(), id));
  events::publish_image("import", id, id);
  return load(id);
}

Result<void> LocalImageService::tag(const std::string& source, const std::string& repo_tag) {
  std::string id = TRY(resolve_id(source));
  Reference target = TRY(parse_reference(repo_tag));
  if (!target.digest.empty())
    return invalid_argument("refusing to create a tag with a digest reference");
  std::lock_guard lock(m_mutex);
  TRY_VOID(m_tags.set(target.familiar_string(), id));
  events::publish_image("tag", id, target.familiar_string());
  return {};
}

} // namespace mydocker::layers
