// VolumeService: named volumes with Docker's `local` driver, stored under <data-root>/volumes.
// Synchronous and Asio-free (design.md §4); thread-safe behind one mutex.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "api/types/filters.hpp"
#include "api/types/volume_types.hpp"
#include "common/result.hpp"

namespace mydocker::volumes {

// Docker marks volumes a container made for `-v /path` or an image VOLUME with this label.
inline constexpr const char* ANONYMOUS_LABEL = "com.docker.volume.anonymous";

// What the engine binds into a container: `path` (the volume's _data, with the volume's
// device already mounted there when it has `type`/`device` options).
struct MountSource {
  std::string name;
  std::string path;
};

// Mounts a volume's device (driver options type, device, o) on its _data directory.
// The real one calls mount(2); unit tests record calls.
class DeviceMounter {
public:
  virtual ~DeviceMounter() = default;
  virtual Result<void> mount(const std::map<std::string, std::string>& options,
                             const std::string& target) = 0;
  virtual Result<void> unmount(const std::string& target) = 0;
};
std::unique_ptr<DeviceMounter> make_kernel_mounter();

struct PruneReport {
  std::vector<std::string> deleted;
  int64_t space_reclaimed = 0;
};

class VolumeService {
public:
  // Loads every stored volume; creates <data-root>/volumes (0701) when missing.
  static Result<std::unique_ptr<VolumeService>> open(const std::string& data_root,
                                                     std::unique_ptr<DeviceMounter> mounter);

  // An existing name answers the stored volume, as Docker does.
  Result<api::VolumeInspect> create(const api::VolumeCreateBody& body);
  Result<api::VolumeInspect> inspect(const std::string& name) const;
  // Filters: name, label, dangling, driver (others: 400 "invalid filter 'x'").
  Result<api::VolumeList> list(const api::Filters& filters) const;
  // 409 "remove v1: volume is in use - [<ids>]" while referenced; force ignores a missing one.
  Result<void> remove(const std::string& name, bool force);
  // Filters: label, label!, all (without all=true only anonymous volumes go).
  Result<PruneReport> prune(const api::Filters& filters);

  // Reference counting for containers: the first reference mounts a device volume.
  Result<MountSource> mount_for_container(const std::string& name, const std::string& container_id);
  Result<void> release(const std::string& name, const std::string& container_id);
  std::vector<std::string> users(const std::string& name) const;
  size_t count() const;

private:
  struct Volume {
    api::VolumeInspect info;
    std::set<std::string> users; // container IDs; in memory, re-taken by the engine at start
    bool mounted = false;
  };
  VolumeService(std::string root, std::unique_ptr<DeviceMounter> mounter)
      : m_root(std::move(root)), m_mounter(std::move(mounter)) {}
  Result<void> load();
  std::string dir_of(const std::string& name) const { return m_root + "/" + name; }
  Result<void> remove_locked(const std::string& name);

  std::string m_root; // <data-root>/volumes
  std::unique_ptr<DeviceMounter> m_mounter;
  mutable std::mutex m_mutex;
  std::map<std::string, Volume> m_volumes;
};

} // namespace mydocker::volumes
