// VolumeService: list and prune (filters) and the containers' references.
#include <filesystem>

#include "common/directory_size.hpp"
#include "volumes/local/volume_filters.hpp"
#include "volumes/local/volume_record.hpp"
#include "volumes/volume_service.hpp"

namespace mydocker::volumes {

Result<api::VolumeList> VolumeService::list(const api::Filters& filters) const {
  local::VolumeFilter filter = TRY(local::make_filter(filters));
  api::VolumeList out;
  std::lock_guard lock(m_mutex);
  for (const auto& [name, v] : m_volumes)
    if (local::matches(filter, v.info, !v.users.empty()))
      out.volumes.push_back(v.info);
  return out;
}

// Unused volumes matching the filters; since API 1.42 only anonymous ones unless all=true
// (the route adds all=true for older clients).
Result<PruneReport> VolumeService::prune(const api::Filters& filters) {
  local::VolumeFilter filter = TRY(local::make_filter(filters));
  PruneReport report;
  std::lock_guard lock(m_mutex);
  std::vector<std::string> doomed;
  for (const auto& [name, v] : m_volumes) {
    bool anonymous = v.info.labels.count(ANONYMOUS_LABEL) > 0;
    if (v.users.empty() && (filter.all || anonymous) &&
        local::labels_match(v.info.labels, filter.labels, false) &&
        local::labels_match(v.info.labels, filter.not_labels, true))
      doomed.push_back(name);
  }
  for (const auto& name : doomed) {
    int64_t size = directory_size(m_volumes[name].info.mountpoint);
    if (!remove_locked(name))
      continue; // Docker skips a volume it cannot remove and prunes the rest
    report.deleted.push_back(name);
    report.space_reclaimed += size;
  }
  return report;
}

Result<MountSource> VolumeService::mount_for_container(const std::string& name,
                                                       const std::string& container_id) {
  std::lock_guard lock(m_mutex);
  auto it = m_volumes.find(name);
  if (it == m_volumes.end())
    return not_found("get " + name + ": no such volume");
  Volume& v = it->second;
  if (local::has_device(v.info.options) && !v.mounted) {
    (void)m_mounter->unmount(v.info.mountpoint); // a mount left by a daemon killed with -9
    auto mounted = m_mounter->mount(v.info.options, v.info.mountpoint);
    if (!mounted)
      return tl::unexpected(
          mounted.error().with_context("error while mounting volume '" + v.info.mountpoint + "'"));
    v.mounted = true;
  }
  v.users.insert(container_id);
  return MountSource{name, v.info.mountpoint};
}

// The last reference unmounts a device volume; releasing twice or an unknown volume is fine.
Result<void> VolumeService::release(const std::string& name, const std::string& container_id) {
  std::lock_guard lock(m_mutex);
  auto it = m_volumes.find(name);
  if (it == m_volumes.end())
    return {};
  Volume& v = it->second;
  v.users.erase(container_id);
  if (v.users.empty() && v.mounted) {
    TRY_VOID(m_mounter->unmount(v.info.mountpoint));
    v.mounted = false;
  }
  return {};
}

std::vector<std::string> VolumeService::users(const std::string& name) const {
  std::lock_guard lock(m_mutex);
  auto it = m_volumes.find(name);
  if (it == m_volumes.end())
    return {};
  return {it->second.users.begin(), it->second.users.end()};
}

size_t VolumeService::count() const {
  std::lock_guard lock(m_mutex);
  return m_volumes.size();
}

} // namespace mydocker::volumes
