#include "engine/volume_binds.hpp"

#include "common/event_bus.hpp"
#include "common/split.hpp"

#include "common/scope_guard.hpp"

namespace mydocker::engine {

std::vector<NamedVolumeBind> named_volume_binds(const std::vector<std::string>& binds) {
  std::vector<NamedVolumeBind> out;
  for (const auto& bind : binds) {
    auto parts = split(bind, ':');
    if (parts.size() < 2 || parts[0].empty() || parts[0][0] == '/' || parts[0][0] == '.')
      continue;
    NamedVolumeBind b{parts[0], parts[1], false};
    if (parts.size() > 2)
      b.mode = parts[2];
    if (parts.size() > 2)
      for (const auto& mode : split(parts[2], ','))
        b.read_only = b.read_only || mode == "ro";
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<api::MountPoint> volume_mount_points(const std::vector<std::string>& binds,
                                                 const std::string& data_root) {
  std::vector<api::MountPoint> out;
  for (const auto& b : named_volume_binds(binds)) {
    api::MountPoint m;
    m.type = "volume";
    m.name = b.name;
    m.source = data_root + "/volumes/" + b.name + "/_data";
    m.destination = b.destination;
    m.driver = "local";
    m.mode = b.mode;
    m.rw = !b.read_only;
    out.push_back(std::move(m));
  }
  return out;
}

Result<void> take_volumes(volumes::VolumeService& volumes, const std::vector<std::string>& binds,
                          const std::string& container_id) {
  Rollback undo;
  for (const auto& b : named_volume_binds(binds)) {
    api::VolumeCreateBody body;
    body.name = b.name;
    TRY(volumes.create(body)); // an existing volume answers as it is
    TRY(volumes.mount_for_container(b.name, container_id));
    undo.add(
        [&volumes, name = b.name, container_id] { (void)volumes.release(name, container_id); });
  }
  undo.dismiss();
  return {};
}

void release_volumes(volumes::VolumeService& volumes, const std::vector<std::string>& binds,
                     const std::string& container_id) {
  for (const auto& b : named_volume_binds(binds))
    (void)volumes.release(b.name, container_id);
}

Result<void> add_volume_mounts(volumes::VolumeService& volumes,
                               const std::vector<std::string>& binds,
                               const std::string& container_id, runtime::Spec& spec) {
  for (const auto& b : named_volume_binds(binds)) {
    auto source = TRY(volumes.mount_for_container(b.name, container_id)); // held: no new ref
    std::vector<std::string> options = {"rbind"};
    if (b.read_only)
      options.push_back("ro");
    spec.mounts.push_back({"bind", source.path, b.destination, options});
    events::publish_volume("mount", b.name, "local",
                           {{"container", container_id},
                            {"destination", b.destination},
                            {"propagation", ""},
                            {"read/write", b.read_only ? "false" : "true"}});
  }
  return {};
}

void emit_volume_unmounts(const std::vector<std::string>& binds, const std::string& container_id) {
  for (const auto& b : named_volume_binds(binds))
    events::publish_volume("unmount", b.name, "local", {{"container", container_id}});
}

} // namespace mydocker::engine
