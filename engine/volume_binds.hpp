// The engine's side of a container's mounts (engine/container/container_mount.hpp): volumes
// made and referenced at create (anonymous ones get a generated name), host directories of
// -v binds made, references released (and anonymous volumes removed) at removal, and the
// spec's mounts at start.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/container/container_index.hpp"
#include "engine/container/container_mount.hpp"
#include "engine/container/mount_requests.hpp"
#include "engine/runtime/spec.hpp"
#include "volumes/volume_service.hpp"

namespace mydocker::engine {

// The option of a spec mount whose empty volume gets the image's content first (copy-up).
inline constexpr const char* COPY_UP_OPTION = "copy-up";

// The host and the other containers as container_mounts() sees them at create.
MountContext mount_context(const ContainerIndex& index);

// Creates missing volumes (Docker does at container create; anonymous ones named and
// labelled), takes a reference on each and makes missing -v host directories. Names are
// written back into `mounts`. On failure the references taken so far are released.
Result<void> take_mounts(volumes::VolumeService& volumes, std::vector<ContainerMount>& mounts,
                         const std::string& container_id);
// References again for a stored container (they live in memory).
void retake_mounts(volumes::VolumeService& volumes, const std::vector<ContainerMount>& mounts,
                   const std::string& container_id);
// Releases the references; with remove_anonymous (rm -v, AutoRemove) the anonymous volumes
// no other container uses are removed too. Named volumes always stay.
void release_mounts(volumes::VolumeService& volumes, const std::vector<ContainerMount>& mounts,
                    const std::string& container_id, bool remove_anonymous);
// The spec's mounts: binds, volumes' _data (references are held since create), tmpfs.
Result<void> add_container_mounts(volumes::VolumeService& volumes,
                                  const std::vector<ContainerMount>& mounts,
                                  const std::string& container_id, runtime::Spec& spec);

} // namespace mydocker::engine
