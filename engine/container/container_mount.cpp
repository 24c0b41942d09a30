#include "engine/container/container_mount.hpp"

namespace mydocker::engine {

using nlohmann::json;

void to_json(json& j, const ContainerMount& m) {
  j = {{"type", m.type},
       {"source", m.source},
       {"destination", m.destination},
       {"read_only", m.read_only},
       {"mode", m.mode},
       {"propagation", m.propagation},
       {"no_copy", m.no_copy},
       {"anonymous", m.anonymous},
       {"create_source", m.create_source},
       {"driver_options", m.driver_options},
       {"labels", m.labels},
       {"tmpfs_options", m.tmpfs_options}};
}

void from_json(const json& j, ContainerMount& m) {
  m.type = j.value("type", "");
  m.source = j.value("source", "");
  m.destination = j.value("destination", "");
  m.read_only = j.value("read_only", false);
  m.mode = j.value("mode", "");
  m.propagation = j.value("propagation", "");
  m.no_copy = j.value("no_copy", false);
  m.anonymous = j.value("anonymous", false);
  m.create_source = j.value("create_source", false);
  m.driver_options = j.value("driver_options", std::map<std::string, std::string>{});
  m.labels = j.value("labels", std::map<std::string, std::string>{});
  m.tmpfs_options = j.value("tmpfs_options", std::vector<std::string>{});
}

api::MountPoint mount_point_of(const ContainerMount& m, const std::string& data_root) {
  api::MountPoint p;
  p.type = m.type;
  p.source = m.source;
  p.destination = m.destination;
  p.mode = m.mode;
  p.rw = !m.read_only;
  p.propagation = m.propagation;
  if (m.type == "volume") {
    p.name = m.source;
    p.source = data_root + "/volumes/" + m.source + "/_data";
    p.driver = "local";
  }
  if (m.type == "tmpfs")
    p.source = "";
  return p;
}

std::vector<api::MountPoint> mount_points_of(const std::vector<ContainerMount>& mounts,
                                             const std::string& data_root) {
  std::vector<api::MountPoint> out;
  for (const auto& m : mounts)
    out.push_back(mount_point_of(m, data_root));
  return out;
}

} // namespace mydocker::engine
