// Volumes (moby api/types/volume): the create body, inspect and list answers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct VolumeCreateBody {
  static constexpr const char* go_name = "volume.CreateOptions";
  std::string name; // "" = generated
  std::string driver = "local";
  std::map<std::string, std::string> driver_opts, labels;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("Driver", s.driver);
    v("DriverOpts", s.driver_opts, Empty::Value);
    v("Labels", s.labels, Empty::Value);
  }
};

struct VolumeInspect {
  static constexpr const char* go_name = "volume.Volume";
  std::string created_at; // RFC 3339
  std::string driver = "local";
  std::map<std::string, std::string> labels;
  std::string mountpoint, name;
  std::map<std::string, std::string> options;
  std::string scope = "local";
  template <class S, class V> static void fields(S& s, V& v) {
    v("CreatedAt", s.created_at);
    v("Driver", s.driver);
    v("Labels", s.labels, Empty::Value);
    v("Mountpoint", s.mountpoint);
    v("Name", s.name);
    v("Options", s.options, Empty::Value);
    v("Scope", s.scope);
  }
};

struct VolumeList {
  static constexpr const char* go_name = "volume.ListResponse";
  std::vector<VolumeInspect> volumes;
  std::vector<std::string> warnings;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Volumes", s.volumes, Empty::Value);
    v("Warnings", s.warnings);
  }
};

} // namespace mydocker::api
