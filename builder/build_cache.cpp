#include "builder/build_cache.hpp"

#include <unistd.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "layers/digest.hpp"

namespace mydocker::builder {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view text) {
  return layers::digest_hex(layers::sha256_digest(text));
}

Result<void> BuildCache::init() {
  TRY_VOID(make_dirs(m_dir, 0700));
  std::lock_guard lock(m_mutex);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
    std::string name = entry.path().filename();
    auto id = read_file(entry.path());
    if (id && !id->empty() && name.find('.') == std::string::npos)
      m_records[name] = *id;
    else // a temp file of a cut-short write, or a record that lost its content
      fs::remove(entry.path(), ec);
  }
  return {};
}

std::optional<std::string> BuildCache::get(const std::string& key) const {
  std::lock_guard lock(m_mutex);
  auto it = m_records.find(sha256_hex(key));
  if (it == m_records.end())
    return std::nullopt;
  return it->second;
}

Result<void> BuildCache::put(const std::string& key, const std::string& image_id) {
  std::string name = sha256_hex(key);
  std::lock_guard lock(m_mutex);
  TRY_VOID(write_file_atomic(m_dir + "/" + name, image_id, 0600));
  m_records[name] = image_id;
  return {};
}

void BuildCache::forget_image(const std::string& image_id) {
  std::lock_guard lock(m_mutex);
  for (auto it = m_records.begin(); it != m_records.end();) {
    if (it->second != image_id) {
      ++it;
      continue;
    }
    if (::unlink((m_dir + "/" + it->first).c_str()) != 0 && errno != ENOENT)
      log::warn("build cache: removing the record of " + image_id + " failed");
    it = m_records.erase(it);
  }
}

std::pair<std::vector<std::string>, int64_t> BuildCache::clear() {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> names;
  int64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
    std::error_code size_ec;
    auto size = entry.file_size(size_ec);
    if (fs::remove(entry.path(), size_ec) && !size_ec) {
      bytes += static_cast<int64_t>(size);
      names.push_back(entry.path().filename());
    }
  }
  m_records.clear();
  return {names, bytes};
}

size_t BuildCache::size() const {
  std::lock_guard lock(m_mutex);
  return m_records.size();
}

} // namespace mydocker::builder
