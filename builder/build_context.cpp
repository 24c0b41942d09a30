#include "builder/build_context.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "builder/confined_fs.hpp"
#include "builder/dockerignore.hpp"
#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "layers/build_support.hpp"

namespace mydocker::builder {

namespace fs = std::filesystem;

Result<BuildContext> BuildContext::unpack(std::string_view tar, const std::string& tmp_root) {
  std::string dir = tmp_root + "/context-" + random_hex_id(8);
  TRY_VOID(make_dirs(dir, 0700));
  BuildContext context(dir);
  auto unpacked = layers::extract_archive_into(tar, dir);
  if (!unpacked)
    return invalid_argument("failed to read the build context: " + unpacked.error().message);
  return context;
}

BuildContext::~BuildContext() {
  if (m_dir.empty())
    return;
  std::error_code ec;
  fs::remove_all(m_dir, ec);
}

Result<std::string> BuildContext::read_dockerfile(const std::string& path) const {
  Fd root(::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root)
    return sys_error("open " + m_dir);
  auto fd = open_in_root(root.get(), clean_path(path), O_RDONLY | O_NONBLOCK);
  if (!fd)
    return invalid_argument("Cannot locate specified Dockerfile: " + path);
  std::string text;
  char buf[8192];
  for (ssize_t n; (n = ::read(fd->get(), buf, sizeof buf)) > 0;) {
    text.append(buf, size_t(n));
    if (text.size() > (16 << 20))
      return invalid_argument("the Dockerfile is too large");
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid_argument("the Dockerfile (" + path + ") cannot be empty");
  return text;
}

Result<void> BuildContext::apply_dockerignore() {
  auto text = read_file(m_dir + "/.dockerignore");
  if (!text)
    return {};
  IgnoreRules rules = TRY(IgnoreRules::parse(*text));
  if (rules.empty())
    return {};
  std::vector<std::pair<std::string, bool>> entries; // relative path, is a directory
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(m_dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string rel = fs::relative(it->path(), m_dir, ec).generic_string();
    entries.emplace_back(rel, it->is_directory(ec) && !it->is_symlink(ec));
  }
  for (const auto& [rel, is_dir] : entries)
    if (!is_dir && rules.excluded(rel))
      fs::remove(m_dir + "/" + rel, ec);
  // Excluded directories go when nothing re-included is left below them.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it)
    if (it->second && rules.excluded(it->first) && fs::is_empty(m_dir + "/" + it->first, ec))
      fs::remove(m_dir + "/" + it->first, ec);
  return {};
}

} // namespace mydocker::builder
