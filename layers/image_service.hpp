// Public face of layers/ for engine/ and api/routes: images by reference, import,
// tag, remove, and the overlay layout of a container's root filesystem.
// Synchronous and Asio-free.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::layers {

// The parts of an image config a container inherits (OCI image config "config" object).
struct ImageRuntimeConfig {
  std::vector<std::string> env;
  std::vector<std::string> cmd;
  std::vector<std::string> entrypoint;
  std::string working_dir;
  std::string user;
  std::string stop_signal;
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports; // "80/tcp"
  std::vector<std::string> volumes;
};

struct Image {
  std::string id;                        // "sha256:<64 hex>" = digest of the config blob
  std::vector<std::string> repo_tags;    // "busybox:latest"
  std::vector<std::string> repo_digests; // "busybox@sha256:..."
  int64_t created = 0;                   // unix nanos from the config
  int64_t size = 0;                      // unpacked bytes of all layers
  std::vector<std::string> diff_ids;     // "sha256:..." bottom first
  std::string parent;                    // "" for imported and pulled images
  std::string comment;
  std::string author;
  ImageRuntimeConfig config;
  nlohmann::json config_blob; // the whole image config JSON
};

struct ContainerLayer {
  std::vector<std::string> lower_dirs; // top-most first
  std::string upper_dir;
  std::string work_dir;
  std::string merged_dir;
};

struct ImportOptions {
  std::string repo_tag;             // "" = untagged
  std::vector<std::string> changes; // Dockerfile instructions: ENV, CMD, ENTRYPOINT, WORKDIR, USER,
                                    // LABEL, EXPOSE, VOLUME, STOPSIGNAL
  std::string message;
  std::string platform; // "" = host
};

class ImageService {
public:
  static Result<std::unique_ptr<ImageService>> open(std::string data_root);
  virtual ~ImageService() = default;

  // name[:tag], name@sha256:..., full or "sha256:"-prefixed ID, unique ID prefix.
  // NotFound: "No such image: busybox:latest".
  virtual Result<Image> inspect(const std::string& reference) = 0;
  virtual std::vector<Image> list() = 0;
  // A rootfs tar (plain, gzip, bzip2, xz or zstd) becomes a one-layer image.
  virtual Result<Image> import(std::string_view tar, const ImportOptions& options) = 0;
  virtual Result<void> tag(const std::string& source, const std::string& repo_tag) = 0;
  // Returns Docker's [{"Untagged":...},{"Deleted":...}] list. `used_by` names a container
  // that uses an image ID (for the 409 texts), or nullopt.
  virtual Result<nlohmann::json>
  remove(const std::string& reference, bool force, bool noprune,
         const std::function<std::optional<std::string>(const std::string& image_id)>& used_by) = 0;

  // The container's copy-on-write layer (created empty) over the image's layers.
  virtual Result<ContainerLayer> create_container_layer(const std::string& container_id,
                                                        const std::string& image_id) = 0;
  virtual Result<ContainerLayer> container_layer(const std::string& container_id) = 0;
  virtual Result<void> remove_container_layer(const std::string& container_id) = 0;
};

} // namespace mydocker::layers
