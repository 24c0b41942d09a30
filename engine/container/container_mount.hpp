// One mount of a container as the engine keeps it in config.v2.json (Docker's MountPoints):
// decided once at create from Binds, Mounts, VolumesFrom and Config.Volumes, then used by
// start (the spec's mounts), inspect/list (Mounts), rm -v and the volume references.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/types/mount_spec.hpp"

namespace mydocker::engine {

struct ContainerMount {
  std::string type;        // "bind", "volume", "tmpfs"
  std::string source;      // bind: host path; volume: its name ("" until create names it)
  std::string destination; // inside the container
  bool read_only = false;
  std::string mode;           // as inspect shows it ("ro", "z", "rw,z", "")
  std::string propagation;    // binds only: "rprivate" unless asked
  bool no_copy = false;       // volumes: no copy-up of the image's content
  bool anonymous = false;     // a volume the container made: rm -v removes it
  bool create_source = false; // -v binds: a missing host directory is created
  std::map<std::string, std::string> driver_options; // volumes created here (volume-opt)
  std::map<std::string, std::string> labels;         // volumes created here (volume-label)
  std::vector<std::string> tmpfs_options;            // tmpfs: "size=..", "mode=.."
};

void to_json(nlohmann::json& j, const ContainerMount& m);
void from_json(const nlohmann::json& j, ContainerMount& m);

// The Mounts entry of inspect and list; volumes show their _data under the data root.
api::MountPoint mount_point_of(const ContainerMount& m, const std::string& data_root);
std::vector<api::MountPoint> mount_points_of(const std::vector<ContainerMount>& mounts,
                                             const std::string& data_root);

} // namespace mydocker::engine
