#include "builder/build_context.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "builder/confined_fs.hpp"
#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "layers/build_support.hpp"

namespace mydocker::builder {

namespace fs = std::filesystem;

namespace {

constexpr size_t MAX_DOCKERFILE = 16 << 20;

std::string relative(const std::string& path) {
  std::string clean = clean_path("/" + path);
  return clean == "/" ? "." : clean.substr(1);
}

Result<std::string> checked_dockerfile(std::string text, const std::string& path) {
  if (text.size() > MAX_DOCKERFILE)
    return invalid_argument("the Dockerfile is too large");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid_argument("the Dockerfile (" + path + ") cannot be empty");
  return text;
}

} // namespace

Result<BuildContext> BuildContext::open(std::string_view tar, const std::string& tmp_root,
                                        const std::string& dockerfile) {
  BuildContext context(tar, tmp_root + "/context-" + random_hex_id(8));
  context.m_index = ContextIndex::read(tar, {relative(dockerfile), ".dockerignore"});
  if (!context.m_index)
    TRY_VOID(context.unpack());
  return context;
}

BuildContext::BuildContext(BuildContext&& other) noexcept
    : m_tar(other.m_tar), m_dir(std::move(other.m_dir)), m_unpacked(other.m_unpacked),
      m_index(std::move(other.m_index)), m_rules(std::move(other.m_rules)) {
  other.m_unpacked = false;
}

BuildContext::~BuildContext() {
  if (!m_unpacked)
    return;
  std::error_code ec;
  fs::remove_all(m_dir, ec);
}

Result<void> BuildContext::unpack() {
  TRY_VOID(make_dirs(m_dir, 0700));
  m_unpacked = true;
  auto unpacked = layers::extract_archive_into(m_tar, m_dir);
  if (!unpacked)
    return invalid_argument("failed to read the build context: " + unpacked.error().message);
  if (m_rules)
    TRY_VOID(ignore_on_disk(*m_rules));
  return {};
}

Result<std::string> BuildContext::dir() {
  if (!m_unpacked)
    TRY_VOID(unpack());
  return m_dir;
}

Result<std::string> BuildContext::read_dockerfile(const std::string& path) const {
  auto text = m_index ? m_index->contents(relative(path)) : TRY(read_on_disk(path));
  if (!text)
    return invalid_argument("Cannot locate specified Dockerfile: " + path);
  return checked_dockerfile(std::move(*text), path);
}

// A file of the unpacked context, resolved inside it (a symlink cannot lead to the host);
// nullopt when it is missing.
Result<std::optional<std::string>> BuildContext::read_on_disk(const std::string& path) const {
  Fd root(::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root)
    return sys_error("open " + m_dir);
  auto fd = open_in_root(root.get(), clean_path(path), O_RDONLY | O_NONBLOCK);
  if (!fd)
    return std::nullopt;
  std::string text;
  char buf[8192];
  for (ssize_t n; (n = ::read(fd->get(), buf, sizeof buf)) > 0;) {
    text.append(buf, size_t(n));
    if (text.size() > MAX_DOCKERFILE)
      return invalid_argument("the " + path + " is too large");
  }
  return text;
}

Result<void> BuildContext::apply_dockerignore() {
  std::optional<std::string> text;
  if (m_index)
    text = m_index->contents(".dockerignore");
  else
    text = TRY(read_on_disk(".dockerignore"));
  if (!text)
    return {};
  IgnoreRules rules = TRY(IgnoreRules::parse(*text));
  if (rules.empty())
    return {};
  if (m_index)
    m_index->apply(rules);
  if (m_unpacked)
    TRY_VOID(ignore_on_disk(rules));
  m_rules = std::move(rules);
  return {};
}

Result<void> BuildContext::ignore_on_disk(const IgnoreRules& rules) {
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
