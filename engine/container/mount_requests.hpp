// The container's mounts from what the client asked, with Docker's parsing and 400 texts:
// HostConfig.Binds ("SRC:DST[:MODE]", "/DST"), HostConfig.Mounts (--mount), VolumesFrom
// and Config.Volumes (-v /path and the image's VOLUMEs: anonymous volumes). Pure: the host
// and the other containers are reached through MountContext.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/types/container_config.hpp"
#include "api/types/host_config.hpp"
#include "common/result.hpp"
#include "engine/container/container_mount.hpp"

namespace mydocker::engine {

struct MountContext {
  std::function<bool(const std::string&)> host_path_exists;
  // The mounts of another container (--volumes-from NAME), 404 when there is none.
  std::function<Result<std::vector<ContainerMount>>(const std::string&)> mounts_of;
};

// One HostConfig.Binds entry: a bind when the source is an absolute path, else a volume.
Result<ContainerMount> parse_bind(const std::string& raw);
// One HostConfig.Mounts entry.
Result<ContainerMount> parse_mount_spec(const api::MountSpec& spec, const MountContext& ctx);
// Docker's mode check: known words, at most one of each kind ("ro,z", "rshared", "nocopy").
bool valid_mount_mode(const std::string& mode);
// "/a//b/" -> "/a/b" (as Go's filepath.Clean), for duplicate checks.
std::string clean_mount_path(const std::string& path);

// Every mount in order: volumes-from first (replaced by a bind or mount at the same
// destination), binds, mounts, then anonymous volumes where nothing is mounted yet.
// "Duplicate mount point: /x" among binds, mounts and --tmpfs.
Result<std::vector<ContainerMount>> container_mounts(const api::ContainerConfig& config,
                                                     const api::HostConfig& host_config,
                                                     const MountContext& ctx);

} // namespace mydocker::engine
