// The containers' copy-on-write layers of LocalImageService: created empty over an image's
// layers (built in a temp dir and renamed), read back for mounts, removed.
#include <unistd.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "layers/local_image_service.hpp"

namespace mydocker::layers {

using nlohmann::json;
namespace fs = std::filesystem;

Result<ContainerLayer> LocalImageService::container_layer(const std::string& container_id) {
  std::string dir = m_rw_root + "/" + container_id;
  std::string text = TRY(read_file(dir + "/lower.json"));
  auto lower = json::parse(text, nullptr, false);
  if (!lower.is_array())
    return internal_error("corrupt container layer of " + container_id);
  ContainerLayer layer{lower.get<std::vector<std::string>>(),
                       m_layers.root(),
                       {},
                       dir + "/diff",
                       dir + "/work",
                       dir + "/merged"};
  // <layers>/<chain hex>/diff -> its short link (made here for layers older than links).
  for (const auto& lower_dir : layer.lower_dirs) {
    std::string hex = fs::path(lower_dir).parent_path().filename().string();
    TRY_VOID(m_layers.ensure_link("sha256:" + hex));
    layer.lower_links.push_back(LayerStore::link_name("sha256:" + hex));
  }
  return layer;
}

Result<ContainerLayer> LocalImageService::create_container_layer(const std::string& container_id,
                                                                 const std::string& image_id) {
  Image image = TRY(load(image_id));
  std::vector<std::string> lower;
  auto chains = chain_ids(image.diff_ids);
  for (auto it = chains.rbegin(); it != chains.rend(); ++it)
    lower.push_back(m_layers.diff_dir(*it));
  // Built in a temp dir and renamed, so a half-made layer is never picked up.
  std::string dir = m_rw_root + "/" + container_id;
  std::string tmp = m_rw_root + "/tmp-" + random_hex_id(8);
  for (const char* sub : {"/diff", "/work", "/merged"})
    TRY_VOID(make_dirs(tmp + sub));
  TRY_VOID(write_file_atomic(tmp + "/lower.json", json(lower).dump()));
  if (::rename(tmp.c_str(), dir.c_str()) != 0) {
    (void)remove_tree(tmp);
    return sys_error("create container layer " + container_id);
  }
  return container_layer(container_id);
}

Result<void> LocalImageService::remove_container_layer(const std::string& container_id) {
  if (container_id.empty() || container_id.find('/') != std::string::npos)
    return invalid_argument("invalid container id");
  return remove_tree(m_rw_root + "/" + container_id);
}

} // namespace mydocker::layers
