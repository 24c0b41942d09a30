#include "layers/content_store.hpp"

#include <unistd.h>

#include "common/atomic_file.hpp"
#include "layers/digest.hpp"

namespace mydocker::layers {

Result<void> ContentStore::init() {
  return make_dirs(m_root + "/sha256");
}

std::string ContentStore::path(const std::string& digest) const {
  return m_root + "/sha256/" + digest_hex(digest);
}

Result<std::string> ContentStore::put(std::string_view data) {
  std::string digest = sha256_digest(data);
  if (!exists(digest))
    TRY_VOID(write_file_atomic(path(digest), data));
  return digest;
}

Result<std::string> ContentStore::get(const std::string& digest) const {
  if (!is_valid_digest(digest))
    return invalid_argument("invalid digest: " + digest);
  return read_file(path(digest));
}

bool ContentStore::exists(const std::string& digest) const {
  return is_valid_digest(digest) && ::access(path(digest).c_str(), F_OK) == 0;
}

Result<void> ContentStore::remove(const std::string& digest) {
  if (::unlink(path(digest).c_str()) != 0 && errno != ENOENT)
    return sys_error("remove blob " + digest);
  return {};
}

} // namespace mydocker::layers
