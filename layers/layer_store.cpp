#include "layers/layer_store.hpp"

#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "api/types/json_field_reader.hpp"
#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "common/scope_guard.hpp"
#include "layers/archive/blob_reader.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/gzip.hpp"
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

namespace {

// Replaces a blob file that is neither gzip nor zstd (a plain tar; xz or bzip2 too) by the
// gzip form of its tar (streamed, deterministic: a re-push keeps the digest) and records
// that form's digest and size.
Result<void> compress_blob(const std::string& blob_file, LayerInfo& info) {
  std::unique_ptr<BlobTarReader> tar = TRY(BlobTarReader::open(blob_file));
  std::string gz = blob_file + ".gz";
  auto written = gzip_to_file([&](const void** buffer) { return tar->next(buffer); }, gz);
  if (!written || tar->error()) {
    ::unlink(gz.c_str());
    return tl::unexpected(tar->error() ? *tar->error() : written.error());
  }
  if (::rename(gz.c_str(), blob_file.c_str()) != 0)
    return sys_error("rename " + gz);
  info.blob_digest = written->digest;
  info.blob_size = written->size;
  info.blob_media_type = kGzipLayerType;
  return {};
}

} // namespace

std::string layer_media_type_of(std::string_view blob) {
  auto starts = [&](std::string_view magic) { return blob.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b"))
    return kGzipLayerType;
  if (starts("\x28\xb5\x2f\xfd"))
    return "application/vnd.docker.image.rootfs.diff.tar.zstd";
  return kPlainLayerType;
}

Result<void> remove_tree(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec); // remove_all never follows symlinks
  if (ec)
    return sys_error("remove " + path, ec.value());
  return {};
}

Result<void> LayerStore::init() {
  TRY_VOID(make_dirs(m_root + "/l"));
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

std::string LayerStore::link_name(const std::string& chain) {
  return "l/" + digest_hex(chain).substr(0, 26);
}

Result<void> LayerStore::ensure_link(const std::string& chain) const {
  std::string link = m_root + "/" + link_name(chain);
  std::string target = "../" + digest_hex(chain) + "/diff";
  if (::symlink(target.c_str(), link.c_str()) != 0 && errno != EEXIST)
    return sys_error("link layer " + chain);
  return {};
}

bool LayerStore::exists(const std::string& chain) const {
  return is_valid_digest(chain) && ::access((dir(chain) + "/layer.json").c_str(), F_OK) == 0;
}

Result<LayerInfo> LayerStore::get(const std::string& chain) const {
  if (!is_valid_digest(chain))
    return invalid_argument("invalid layer id: " + chain);
  std::string text = TRY(read_file(dir(chain) + "/layer.json"));
  auto j = nlohmann::json::parse(text, nullptr, false);
  api::JsonFieldReader r(j, "layer.json"); // a record a hand may have broken: never throws
  LayerInfo info{chain,
                 r.string("diff_id"),
                 r.integer("size"),
                 r.string("blob_digest"),
                 r.string("blob_media_type"),
                 r.integer("blob_size")};
  if (!j.is_object() || r.error())
    return internal_error("corrupt layer metadata for " + chain +
                          (r.error() ? ": " + r.error()->message : ""));
  return info;
}

std::string LayerStore::blob_path(const std::string& chain) const {
  return dir(chain) + "/blob";
}

Result<LayerInfo> LayerStore::create(std::string_view tar, const std::string& parent_chain) {
  LayerInfo info;
  info.diff_id = sha256_digest(tar);
  info.chain_id = chain_id(parent_chain, info.diff_id);
  if (exists(info.chain_id))
    return get(info.chain_id);
  std::string blob = TRY(gzip_compress(tar));
  info.blob_digest = sha256_digest(blob);
  info.blob_media_type = kGzipLayerType;
  info.blob_size = static_cast<int64_t>(blob.size());
  return commit_layer(in_memory(tar), info, parent_chain, "", blob);
}

Result<LayerInfo> LayerStore::create_from_blob(const std::string& blob_file,
                                               const std::string& media_type,
                                               const std::string& parent_chain,
                                               const std::string& expected_diff_id, BlobForm form) {
  std::unique_ptr<BlobTarReader> reader = TRY(BlobTarReader::open(blob_file));
  BlobTarReader& blob = *reader;
  LayerInfo info;
  info.blob_media_type = media_type;
  if (!expected_diff_id.empty()) {
    info.diff_id = expected_diff_id;
    info.chain_id = chain_id(parent_chain, info.diff_id);
    if (exists(info.chain_id))
      return get(info.chain_id);
  }
  // One pass: inflate, hash and extract; the diff ID is checked before the layer appears.
  auto extract = [&](const std::string& diff_dir, LayerInfo& out) -> Result<ExtractStats> {
    TarSource source = [&](const void** buffer) { return blob.next(buffer); };
    auto stats = extract_tar_stream(source, diff_dir);
    if (!stats && blob.error())
      return tl::unexpected(*blob.error());
    if (!stats)
      return stats;
    TRY_VOID(blob.drain());
    std::string got = blob.diff_id();
    if (!expected_diff_id.empty() && got != expected_diff_id)
      return invalid_argument("layer diff ID mismatch: expected " + expected_diff_id + ", got " +
                              got);
    out.diff_id = got;
    out.chain_id = chain_id(parent_chain, got);
    out.blob_digest = blob.blob_digest();
    out.blob_size = blob.blob_size();
    if (form == BlobForm::GzipPlainTar && media_type == kPlainLayerType)
      TRY_VOID(compress_blob(blob_file, out));
    return stats;
  };
  return commit_layer(extract, info, parent_chain, blob_file, "");
}

LayerStore::Extractor LayerStore::in_memory(std::string_view tar) {
  return [tar](const std::string& diff_dir, LayerInfo&) { return extract_tar(tar, diff_dir); };
}

Result<LayerInfo> LayerStore::commit_layer(const Extractor& extract, LayerInfo info,
                                           const std::string& parent, const std::string& blob_file,
                                           std::string_view blob_data) {
  std::string tmp = m_root + "/tmp-" + random_hex_id(8);
  TRY_VOID(make_dirs(tmp + "/diff"));
  Rollback drop_tmp;
  drop_tmp.add([&] { (void)remove_tree(tmp); });
  ExtractStats stats = TRY(extract(tmp + "/diff", info));
  info.size = stats.size;
  if (!blob_file.empty()) {
    if (::rename(blob_file.c_str(), (tmp + "/blob").c_str()) != 0)
      return sys_error("rename layer blob " + blob_file);
  } else {
    TRY_VOID(write_file_atomic(tmp + "/blob", blob_data));
  }
  nlohmann::json meta = {{"diff_id", info.diff_id},
                         {"parent", parent},
                         {"size", info.size},
                         {"blob_digest", info.blob_digest},
                         {"blob_media_type", info.blob_media_type},
                         {"blob_size", info.blob_size}};
  TRY_VOID(write_file_atomic(tmp + "/layer.json", meta.dump()));
  if (::rename(tmp.c_str(), dir(info.chain_id).c_str()) != 0) {
    // A concurrent create of the same layer may have won the rename: that is fine.
    if (exists(info.chain_id))
      return get(info.chain_id);
    return sys_error("rename layer " + info.chain_id);
  }
  drop_tmp.dismiss();
  TRY_VOID(fsync_dir(m_root));
  TRY_VOID(ensure_link(info.chain_id));
  return info;
}

Result<void> LayerStore::remove(const std::string& chain) {
  if (!is_valid_digest(chain))
    return invalid_argument("invalid layer id: " + chain);
  // Rename first so a crash mid-delete leaves only a tmp- dir for the sweep.
  ::unlink((m_root + "/" + link_name(chain)).c_str());
  std::string doomed = m_root + "/tmp-rm-" + random_hex_id(8);
  if (::rename(dir(chain).c_str(), doomed.c_str()) != 0)
    return errno == ENOENT ? Result<void>{} : sys_error("remove layer " + chain);
  return remove_tree(doomed);
}

} // namespace mydocker::layers
