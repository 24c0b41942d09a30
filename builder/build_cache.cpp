#include "builder/build_cache.hpp"

#include <filesystem>

#include "common/atomic_file.hpp"
#include "layers/digest.hpp"

namespace mydocker::builder {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view text) {
  return layers::digest_hex(layers::sha256_digest(text));
}

Result<void> BuildCache::init() {
  return make_dirs(m_dir, 0700);
}

std::string BuildCache::path_of(const std::string& key) const {
  return m_dir + "/" + sha256_hex(key);
}

std::optional<std::string> BuildCache::get(const std::string& key) const {
  auto id = read_file(path_of(key));
  if (!id || id->empty())
    return std::nullopt;
  return *id;
}

Result<void> BuildCache::put(const std::string& key, const std::string& image_id) {
  return write_file_atomic(path_of(key), image_id, 0600);
}

int64_t BuildCache::clear() {
  int64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
    std::error_code size_ec;
    auto size = entry.file_size(size_ec);
    if (fs::remove(entry.path(), size_ec) && !size_ec)
      bytes += static_cast<int64_t>(size);
  }
  return bytes;
}

} // namespace mydocker::builder
