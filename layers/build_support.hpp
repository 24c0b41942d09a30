// What the Dockerfile builder (builder/) needs of layers/ beyond the ImageService: the build
// context unpacked confined to a directory, and detached overlay views of a container layer
// (read-only over the image, or writable into its upper dir for COPY/ADD).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "layers/image_service.hpp"

namespace mydocker::layers {

// A tar (plain, gzip, bzip2, xz or zstd) unpacked into `dir` without ever leaving it.
Result<void> extract_archive_into(std::string_view tar, const std::string& dir);
// Whether `data` starts like a tar or a compressed stream (ADD auto-extraction).
bool looks_like_archive(std::string_view data);

// The image's layers of `layer` as one read-only detached mount (an empty layer list gives
// an invalid Fd: the caller treats that as an empty root).
Result<Fd> open_lower_view(const ContainerLayer& layer);
// The whole layer, writes landing in its upper dir: a detached mount, gone with the fd.
Result<Fd> open_writable_view(const ContainerLayer& layer);

// A child image: `run_config` as its "config", one history entry `created_by`, and the tree
// of `layer_dir` (an overlay upper dir or a plain one; "" = none) as one new layer.
struct ChildImageOptions {
  std::string parent_id; // "" = FROM scratch
  nlohmann::json run_config = nlohmann::json::object();
  std::string created_by;
  std::string layer_dir;
  // Instead of layer_dir: a layer already stored on top of the parent's (--cache-from).
  std::string layer_diff_id;
};

} // namespace mydocker::layers
