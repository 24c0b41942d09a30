#include "layers/tag_store.hpp"

#include <stdio.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/log.hpp"

namespace mydocker::layers {

Result<void> TagStore::load() {
  std::lock_guard lock(m_mutex);
  if (::access(m_path.c_str(), F_OK) != 0)
    return {};
  std::string text = TRY(read_file(m_path));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) { // set aside, not fatal: the images stay, listed untagged
    log::error("corrupt " + m_path + ": kept as " + m_path + ".corrupt, starting without tags");
    ::rename(m_path.c_str(), (m_path + ".corrupt").c_str());
    return {};
  }
  for (const auto& [ref, id] : j.items()) {
    if (id.is_string())
      m_refs[ref] = id.get<std::string>();
    else
      log::error(m_path + ": ignoring the reference " + ref + " (its image ID is not a string)");
  }
  return {};
}

Result<void> TagStore::save() const {
  return write_file_atomic(m_path, nlohmann::json(m_refs).dump(1));
}

std::optional<std::string> TagStore::lookup(const std::string& ref) const {
  std::lock_guard lock(m_mutex);
  auto it = m_refs.find(ref);
  if (it == m_refs.end())
    return std::nullopt;
  return it->second;
}

std::vector<std::string> TagStore::refs_of(const std::string& image_id) const {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> out;
  for (const auto& [ref, id] : m_refs)
    if (id == image_id)
      out.push_back(ref);
  return out;
}

Result<void> TagStore::set(const std::string& ref, const std::string& image_id) {
  std::lock_guard lock(m_mutex);
  if (auto it = m_refs.find(ref); it != m_refs.end() && it->second == image_id)
    return {}; // unchanged (a cached rebuild re-tags): no write, no fsync
  auto old = m_refs[ref];
  m_refs[ref] = image_id;
  auto saved = save();
  if (!saved)
    m_refs[ref] = old;
  return saved;
}

Result<void> TagStore::remove(const std::string& ref) {
  std::lock_guard lock(m_mutex);
  auto it = m_refs.find(ref);
  if (it == m_refs.end())
    return {};
  std::string id = it->second;
  m_refs.erase(it);
  auto saved = save();
  if (!saved)
    m_refs[ref] = id;
  return saved;
}

} // namespace mydocker::layers
