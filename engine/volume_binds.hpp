// Named volumes in HostConfig.Binds ("NAME:/path[:ro]"): the engine's side of VolumeService's
// reference counting and the bind mounts they add to a container's spec.
#pragma once

#include <string>
#include <vector>

#include "api/types/mount_spec.hpp"
#include "common/result.hpp"
#include "engine/runtime/spec.hpp"
#include "volumes/volume_service.hpp"

namespace mydocker::engine {

struct NamedVolumeBind {
  std::string name;
  std::string destination;
  bool read_only = false;
  std::string mode; // the bind's third part as given ("ro", "rw,z", "")
};

// The binds whose source is a volume name (not an absolute host path); others are skipped.
std::vector<NamedVolumeBind> named_volume_binds(const std::vector<std::string>& binds);

// The Mounts entries inspect and list show for them (Type "volume", Driver "local").
std::vector<api::MountPoint> volume_mount_points(const std::vector<std::string>& binds,
                                                 const std::string& data_root);

// Creates missing volumes (Docker does at container create) and takes a reference on each;
// on failure the references taken so far are released.
Result<void> take_volumes(volumes::VolumeService& volumes, const std::vector<std::string>& binds,
                          const std::string& container_id);
void release_volumes(volumes::VolumeService& volumes, const std::vector<std::string>& binds,
                     const std::string& container_id);
// Bind mounts of the volumes' _data into the spec (the references are held since create).
Result<void> add_volume_mounts(volumes::VolumeService& volumes,
                               const std::vector<std::string>& binds,
                               const std::string& container_id, runtime::Spec& spec);

// dockerd's "unmount" volume events once a container's process has gone.
void emit_volume_unmounts(const std::vector<std::string>& binds, const std::string& container_id);

} // namespace mydocker::engine
