// Public face of layers/ for engine/ and api/routes: images by reference, import,
// tag, remove, and the overlay layout of a container's root filesystem.
// Synchronous and Asio-free.
#pragma once

#include <climits>
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
#include "layers/image_options.hpp"

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
  std::vector<int64_t> layer_sizes;      // unpacked bytes of each diff_ids entry
  std::string parent;                    // "" for imported and pulled images
  std::string comment;
  std::string author;
  ImageRuntimeConfig config;
  nlohmann::json config_blob; // the whole image config JSON
};

struct ChildImageOptions; // layers/build_support.hpp

struct ContainerLayer {
  std::vector<std::string> lower_dirs; // top-most first
  // The same layers as short names relative to lower_root ("l/ABC..."), for mounts whose
  // absolute lowerdir list would not fit the one page of overlay mount options.
  std::string lower_root;
  std::vector<std::string> lower_links;
  std::string upper_dir;
  std::string work_dir;
  std::string merged_dir;
};

class ImageService {
public:
  static Result<std::unique_ptr<ImageService>> open(std::string data_root,
                                                    RegistryConfig registry = {});
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

  // --- registry (layers/registry/): pull, push, login.
  // `reference` as the client typed it ("busybox", "localhost:5000/a/b:1", "x@sha256:...").
  virtual Result<Image> pull(const std::string& reference, const PullOptions& options,
                             const ProgressFn& progress) {
    (void)reference, (void)options, (void)progress;
    return make_error(Errc::NotImplemented, "pull is not implemented");
  }
  virtual Result<PushResult> push(const std::string& reference, const RegistryAuth& auth,
                                  const ProgressFn& progress) {
    (void)reference, (void)auth, (void)progress;
    return make_error(Errc::NotImplemented, "push is not implemented");
  }
  // Checks credentials against the registry (POST /auth); Unauthorized on bad ones.
  virtual Result<void> login(const RegistryAuth& auth) {
    (void)auth;
    return make_error(Errc::NotImplemented, "login is not implemented");
  }
  // Daemon shutdown: running pulls and pushes fail soon ("context canceled").
  virtual void cancel_transfers() {}

  // --- archives (layers/archive/): commit, export, save, load, prune.
  virtual Result<Image> commit(const std::string& container_id, const std::string& image_id,
                               const CommitOptions& options) {
    (void)container_id, (void)image_id, (void)options;
    return make_error(Errc::NotImplemented, "commit is not implemented");
  }
  // The container's merged root filesystem as a tar, written to `out_fd` (a pipe or file).
  virtual Result<void> export_container(const std::string& container_id, int out_fd) {
    (void)container_id, (void)out_fd;
    return make_error(Errc::NotImplemented, "export is not implemented");
  }
  // A `docker save` archive (manifest.json, repositories and the OCI layout) of the images
  // `names` (references or IDs), written to `out_fd`. Names are checked before any byte.
  virtual Result<void> save(const std::vector<std::string>& names, int out_fd) {
    (void)names, (void)out_fd;
    return make_error(Errc::NotImplemented, "save is not implemented");
  }
  // Loads a docker-save or OCI-layout tar (maybe compressed); returns the lines to report
  // ("Loaded image: busybox:latest", "Loaded image ID: sha256:..."). All or nothing.
  virtual Result<std::vector<std::string>> load_archive(std::string_view archive) {
    (void)archive;
    return make_error(Errc::NotImplemented, "load is not implemented");
  }
  // Docker's {"ImagesDeleted":[...],"SpaceReclaimed":N}. `used_by` as for remove.
  virtual Result<nlohmann::json>
  prune(const PruneOptions& options,
        const std::function<std::optional<std::string>(const std::string& image_id)>& used_by) {
    (void)options, (void)used_by;
    return make_error(Errc::NotImplemented, "prune is not implemented");
  }
  // --- builds (builder/): a new image from a parent and maybe a directory tree.
  // `hook` sees each image ID the store deletes (rmi, prune), under the store's lock: it must
  // not call back into the ImageService. An empty function unsets it.
  virtual void set_deletion_hook(std::function<void(const std::string& image_id)> hook) {
    (void)hook;
  }
  virtual Result<Image> create_child_image(const ChildImageOptions& options) {
    (void)options;
    return make_error(Errc::NotImplemented, "build is not implemented");
  }
};

} // namespace mydocker::layers
