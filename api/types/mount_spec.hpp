// HostConfig.Mounts entries (moby api/types/mount): --mount as the client sent it; and the
// MountPoint that inspect and list show.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct BindOptions {
  static constexpr const char* go_name = "mount.BindOptions";
  std::string propagation; // "rprivate", "rshared", ...
  bool non_recursive = false;
  bool create_mountpoint = false;
  bool read_only_non_recursive = false;
  bool read_only_force_recursive = false;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Propagation", s.propagation, Empty::Omit);
    v("NonRecursive", s.non_recursive, Empty::Omit);
    v("CreateMountpoint", s.create_mountpoint, Empty::Omit);
    v("ReadOnlyNonRecursive", s.read_only_non_recursive, Empty::Omit);
    v("ReadOnlyForceRecursive", s.read_only_force_recursive, Empty::Omit);
  }
};

struct VolumeDriverConfig {
  static constexpr const char* go_name = "mount.Driver";
  std::string name;
  std::map<std::string, std::string> options;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name, Empty::Omit);
    v("Options", s.options, Empty::Omit);
  }
};

struct VolumeOptions {
  static constexpr const char* go_name = "mount.VolumeOptions";
  bool no_copy = false;
  std::map<std::string, std::string> labels;
  std::string subpath;
  std::optional<VolumeDriverConfig> driver_config;
  template <class S, class V> static void fields(S& s, V& v) {
    v("NoCopy", s.no_copy, Empty::Omit);
    v("Labels", s.labels, Empty::Omit);
    v("Subpath", s.subpath, Empty::Omit);
    v("DriverConfig", s.driver_config, Empty::Omit);
  }
};

struct TmpfsOptions {
  static constexpr const char* go_name = "mount.TmpfsOptions";
  int64_t size_bytes = 0;
  uint32_t mode = 0; // os.FileMode bits
  std::vector<std::vector<std::string>> options;
  template <class S, class V> static void fields(S& s, V& v) {
    v("SizeBytes", s.size_bytes, Empty::Omit);
    v("Mode", s.mode, Empty::Omit);
    v("Options", s.options, Empty::Omit);
  }
};

struct MountSpec {
  static constexpr const char* go_name = "mount.Mount";
  std::string type; // "bind", "volume", "tmpfs", "npipe", "cluster"
  std::string source;
  std::string target;
  bool read_only = false;
  std::string consistency;
  std::optional<BindOptions> bind_options;
  std::optional<VolumeOptions> volume_options;
  std::optional<TmpfsOptions> tmpfs_options;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Type", s.type, Empty::Omit);
    v("Source", s.source, Empty::Omit);
    v("Target", s.target, Empty::Omit);
    v("ReadOnly", s.read_only, Empty::Omit);
    v("Consistency", s.consistency, Empty::Omit);
    v("BindOptions", s.bind_options, Empty::Omit);
    v("VolumeOptions", s.volume_options, Empty::Omit);
    v("TmpfsOptions", s.tmpfs_options, Empty::Omit);
  }
};

// A mount as inspect and list show it (moby types.MountPoint).
struct MountPoint {
  static constexpr const char* go_name = "container.MountPoint";
  std::string type;
  std::string name; // volumes only
  std::string source;
  std::string destination;
  std::string driver; // volumes only
  std::string mode;   // "ro", "z", ...
  bool rw = true;
  std::string propagation;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Type", s.type);
    v("Name", s.name, Empty::Omit);
    v("Source", s.source);
    v("Destination", s.destination);
    v("Driver", s.driver, Empty::Omit);
    v("Mode", s.mode);
    v("RW", s.rw);
    v("Propagation", s.propagation);
  }
};

} // namespace mydocker::api
