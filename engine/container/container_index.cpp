#include "engine/container/container_index.hpp"

namespace mydocker::engine {

namespace {

tl::unexpected<Error> name_in_use(const std::string& name, const std::string& id) {
  return conflict("Conflict. The container name \"/" + name +
                  "\" is already in use by container \"" + id +
                  "\". You have to remove (or rename) that container to be able to reuse that "
                  "name.");
}

} // namespace

Result<std::shared_ptr<ContainerEntry>> ContainerIndex::find(const std::string& ref) const {
  if (ref.empty())
    return not_found("No such container: " + ref);
  std::lock_guard lock(m_mutex);
  if (auto it = m_by_id.find(ref); it != m_by_id.end())
    return it->second;
  std::string name = ref[0] == '/' ? ref.substr(1) : ref;
  if (auto it = m_id_by_name.find(name); it != m_id_by_name.end())
    if (auto e = m_by_id.find(it->second); e != m_by_id.end())
      return e->second;
  std::shared_ptr<ContainerEntry> match;
  for (auto it = m_by_id.lower_bound(ref); it != m_by_id.end() && it->first.rfind(ref, 0) == 0;
       ++it) {
    if (match)
      return invalid_argument("multiple IDs found with provided prefix: " + ref);
    match = it->second;
  }
  if (!match)
    return not_found("No such container: " + ref);
  return match;
}

Result<void> ContainerIndex::reserve_name(const std::string& name, const std::string& id) {
  std::lock_guard lock(m_mutex);
  auto [it, inserted] = m_id_by_name.emplace(name, id);
  if (!inserted && it->second != id)
    return name_in_use(name, it->second);
  return {};
}

void ContainerIndex::release_name(const std::string& name, const std::string& id) {
  std::lock_guard lock(m_mutex);
  if (auto it = m_id_by_name.find(name); it != m_id_by_name.end() && it->second == id)
    m_id_by_name.erase(it);
}

Result<void> ContainerIndex::rename(const std::string& id, const std::string& old_name,
                                    const std::string& new_name) {
  std::lock_guard lock(m_mutex);
  auto [it, inserted] = m_id_by_name.emplace(new_name, id);
  if (!inserted && it->second != id)
    return name_in_use(new_name, it->second);
  if (auto old = m_id_by_name.find(old_name); old != m_id_by_name.end() && old->second == id)
    m_id_by_name.erase(old);
  return {};
}

void ContainerIndex::insert(const std::string& id, std::shared_ptr<ContainerEntry> entry) {
  std::lock_guard lock(m_mutex);
  m_by_id[id] = std::move(entry);
}

void ContainerIndex::erase(const std::string& id, const std::string& name) {
  std::lock_guard lock(m_mutex);
  m_by_id.erase(id);
  if (auto it = m_id_by_name.find(name); it != m_id_by_name.end() && it->second == id)
    m_id_by_name.erase(it);
}

std::vector<std::shared_ptr<ContainerEntry>> ContainerIndex::all() const {
  std::lock_guard lock(m_mutex);
  std::vector<std::shared_ptr<ContainerEntry>> out;
  out.reserve(m_by_id.size());
  for (const auto& [id, e] : m_by_id)
    out.push_back(e);
  return out;
}

} // namespace mydocker::engine
