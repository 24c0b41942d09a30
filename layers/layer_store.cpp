#include "layers/layer_store.hpp"

#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "layers/archive/extract.hpp"
#include "layers/digest.hpp"

namespace mydocker::layers {

namespace fs = std::filesystem;

std::string chain_id(const std::string& parent_chain, const std::string& diff_id) {
  return parent_chain.empty() ? diff_id : sha256_digest(parent_chain + " " + diff_id);
}

std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids) {
  std::vector<std::string> out;
  std::string parent;
  for (const auto& d : diff_ids) {
    parent = chain_id(parent, d);
    out.push_back(parent);
  }
  return out;
}

Result<void> remove_tree(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec); // remove_all never follows symlinks
  if (ec)
    return sys_error("remove " + path, ec.value());
  return {};
}

Result<void> LayerStore::init() {
  TRY_VOID(make_dirs(m_root));
  std::error_code ec;
  for (auto& entry : fs::directory_iterator(m_root, ec))
    if (entry.path().filename().string().rfind("tmp-", 0) == 0)
      (void)remove_tree(entry.path().string());
  return {};
}

std::string LayerStore::dir(const std::string& chain) const {
  return m_root + "/" + digest_hex(chain);
}
std::string LayerStore::diff_dir(const std::string& chain) const {
  return dir(chain) + "/diff";
}

bool LayerStore::exists(const std::string& chain) const {
  return is_valid_digest(chain) && ::access((dir(chain) + "/layer.json").c_str(), F_OK) == 0;
}

Result<LayerInfo> LayerStore::get(const std::string& chain) const {
  if (!is_valid_digest(chain))
    return invalid_argument("invalid layer id: " + chain);
  std::string text = TRY(read_file(dir(chain) + "/layer.json"));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    return internal_error("corrupt layer metadata for " + chain);
  return LayerInfo{chain, j.value("diff_id", ""), j.value("size", int64_t{0})};
}

Result<LayerInfo> LayerStore::create(std::string_view tar, const std::string& parent_chain) {
  LayerInfo info;
  info.diff_id = sha256_digest(tar);
  info.chain_id = chain_id(parent_chain, info.diff_id);
  if (exists(info.chain_id))
    return get(info.chain_id);
  std::string tmp = m_root + "/tmp-" + random_hex_id(8);
  TRY_VOID(make_dirs(tmp + "/diff"));
  auto stats = extract_tar(tar, tmp + "/diff");
  if (!stats) {
    (void)remove_tree(tmp);
    return tl::unexpected(stats.error());
  }
  info.size = stats->size;
  nlohmann::json meta = {{"diff_id", info.diff_id}, {"parent", parent_chain}, {"size", info.size}};
  auto written = write_file_atomic(tmp + "/layer.json", meta.dump());
  if (written && ::rename(tmp.c_str(), dir(info.chain_id).c_str()) != 0)
    written = sys_error("rename layer " + info.chain_id);
  if (!written) {
    (void)remove_tree(tmp);
    // A concurrent import of the same layer may have won the rename: that is fine.
    if (exists(info.chain_id))
      return get(info.chain_id);
    return tl::unexpected(written.error());
  }
  TRY_VOID(fsync_dir(m_root));
  return info;
}

Result<void> LayerStore::remove(const std::string& chain) {
  if (!is_valid_digest(chain))
    return invalid_argument("invalid layer id: " + chain);
  // Rename first so a crash mid-delete leaves only a tmp- dir for the sweep.
  std::string doomed = m_root + "/tmp-rm-" + random_hex_id(8);
  if (::rename(dir(chain).c_str(), doomed.c_str()) != 0)
    return errno == ENOENT ? Result<void>{} : sys_error("remove layer " + chain);
  return remove_tree(doomed);
}

} // namespace mydocker::layers
