#include "engine/volume_binds.hpp"

#include <algorithm>
#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/scope_guard.hpp"
#include "engine/container/bind_propagation.hpp"

namespace mydocker::engine {

namespace {

Result<void> take_volume(volumes::VolumeService& volumes, ContainerMount& m,
                         const std::string& container_id) {
  api::VolumeCreateBody body;
  body.name = m.source; // "" = generated (anonymous)
  body.driver_opts = m.driver_options;
  body.labels = m.labels;
  if (m.anonymous)
    body.labels[volumes::ANONYMOUS_LABEL] = "";
  auto made = TRY(volumes.create(body)); // an existing volume answers as it is
  m.source = made.name;
  TRY(volumes.mount_for_container(m.source, container_id));
  return {};
}

// -v /host:/ctr makes a missing host directory, as Docker does.
Result<void> make_bind_source(const ContainerMount& m) {
  std::error_code ec;
  if (std::filesystem::exists(m.source, ec))
    return {};
  std::filesystem::create_directories(m.source, ec);
  if (ec)
    return invalid_argument("error while creating mount source path '" + m.source +
                            "': " + ec.message());
  return {};
}

// A bind asking shared or slave propagation needs its source on such a host mount.
Result<void> check_propagation(const ContainerMount& m) {
  if (m.propagation.find("shared") == std::string::npos &&
      m.propagation.find("slave") == std::string::npos)
    return {};
  std::error_code ec;
  auto source = std::filesystem::canonical(m.source, ec);
  auto mountinfo = TRY(read_file("/proc/self/mountinfo"));
  return check_bind_propagation(ec ? m.source : source.string(), m.propagation, mountinfo);
}

} // namespace

MountContext mount_context(const ContainerIndex& index) {
  MountContext ctx;
  ctx.host_path_exists = [](const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
  };
  ctx.mounts_of = [&index](const std::string& ref) -> Result<std::vector<ContainerMount>> {
    return TRY(index.find(ref))->view()->mounts;
  };
  return ctx;
}

Result<void> take_mounts(volumes::VolumeService& volumes, std::vector<ContainerMount>& mounts,
                         const std::string& container_id) {
  Rollback undo;
  for (auto& m : mounts) {
    if (m.type == "bind" && m.create_source)
      TRY_VOID(make_bind_source(m));
    if (m.type != "volume")
      continue;
    bool made_here = m.anonymous && m.source.empty();
    TRY_VOID(take_volume(volumes, m, container_id));
    undo.add([&volumes, name = m.source, container_id, made_here] {
      (void)volumes.release(name, container_id);
      if (made_here)
        (void)volumes.remove(name, false);
    });
  }
  undo.dismiss();
  return {};
}

void retake_mounts(volumes::VolumeService& volumes, const std::vector<ContainerMount>& mounts,
                   const std::string& container_id) {
  for (const auto& m : mounts)
    if (m.type == "volume" && !m.source.empty())
      (void)volumes.mount_for_container(m.source, container_id);
}

void release_mounts(volumes::VolumeService& volumes, const std::vector<ContainerMount>& mounts,
                    const std::string& container_id, bool remove_anonymous) {
  for (const auto& m : mounts) {
    if (m.type != "volume" || m.source.empty())
      continue;
    (void)volumes.release(m.source, container_id);
    if (remove_anonymous && m.anonymous && volumes.users(m.source).empty())
      (void)volumes.remove(m.source, false);
  }
}

namespace {

size_t depth(const std::string& path) {
  return static_cast<size_t>(std::count(path.begin(), path.end(), '/'));
}

} // namespace

Result<void> add_container_mounts(volumes::VolumeService& volumes,
                                  const std::vector<ContainerMount>& given,
                                  const std::string& container_id, runtime::Spec& spec) {
  // Parents before children (/a before /a/b), as Docker sorts them.
  std::vector<ContainerMount> mounts = given;
  std::stable_sort(mounts.begin(), mounts.end(), [](const auto& a, const auto& b) {
    return depth(a.destination) < depth(b.destination);
  });
  for (const auto& m : mounts) {
    std::vector<std::string> options;
    std::string source = m.source;
    if (m.type == "tmpfs") {
      spec.mounts.push_back({"tmpfs", "tmpfs", m.destination, m.tmpfs_options});
      continue;
    }
    if (m.type == "volume") {
      source = TRY(volumes.mount_for_container(m.source, container_id)).path; // held: no new ref
      if (!m.no_copy)
        options.push_back(COPY_UP_OPTION);
    }
    if (m.type == "bind")
      TRY_VOID(check_propagation(m));
    options.push_back("rbind");
    if (m.read_only)
      options.push_back("ro");
    if (!m.propagation.empty())
      options.push_back(m.propagation);
    spec.mounts.push_back({"bind", source, m.destination, options});
  }
  return {};
}

} // namespace mydocker::engine
