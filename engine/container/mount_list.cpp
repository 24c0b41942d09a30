// container_mounts(): the order and the conflicts of a container's mounts (moby's
// registerMountPoints): volumes-from, then binds and mounts, then anonymous volumes.
#include <set>

#include "engine/container/mount_requests.hpp"

namespace mydocker::engine {

namespace {

Result<std::vector<ContainerMount>> volumes_from(const std::string& spec, const MountContext& ctx) {
  if (spec.empty())
    return invalid_argument("volumes-from specification cannot be an empty string");
  size_t colon = spec.find(':');
  std::string mode = colon == std::string::npos ? "rw" : spec.substr(colon + 1);
  if (!valid_mount_mode(mode))
    return invalid_argument("invalid mode: " + mode);
  auto mounts = TRY(ctx.mounts_of(spec.substr(0, colon)));
  for (auto& m : mounts) {
    m.read_only = m.read_only || mode == "ro" || mode.rfind("ro,", 0) == 0;
    m.mode = "";
    m.anonymous = false; // the other container's rm -v removes them
    m.create_source = false;
    m.no_copy = true;
  }
  return mounts;
}

void replace_at(std::vector<ContainerMount>& mounts, ContainerMount m) {
  for (auto& have : mounts)
    if (have.destination == m.destination) {
      have = std::move(m);
      return;
    }
  mounts.push_back(std::move(m));
}

tl::unexpected<Error> duplicate(const std::string& destination) {
  return invalid_argument("Duplicate mount point: " + destination);
}

} // namespace

Result<std::vector<ContainerMount>> container_mounts(const api::ContainerConfig& config,
                                                     const api::HostConfig& hc,
                                                     const MountContext& ctx) {
  std::vector<ContainerMount> mounts;
  for (const auto& spec : hc.volumes_from)
    for (auto& m : TRY(volumes_from(spec, ctx)))
      replace_at(mounts, std::move(m));
  std::set<std::string> taken; // destinations given by binds, mounts and --tmpfs
  for (const auto& [destination, options] : hc.tmpfs)
    taken.insert(clean_mount_path(destination));
  std::vector<ContainerMount> asked;
  for (const auto& raw : hc.binds)
    asked.push_back(TRY(parse_bind(raw)));
  for (const auto& spec : hc.mounts)
    asked.push_back(TRY(parse_mount_spec(spec, ctx)));
  for (auto& m : asked) {
    m.destination = clean_mount_path(m.destination);
    if (!taken.insert(m.destination).second)
      return duplicate(m.destination);
    replace_at(mounts, std::move(m));
  }
  if (config.volumes)
    for (const auto& [destination, unused] : *config.volumes) {
      ContainerMount m;
      m.type = "volume";
      m.destination = clean_mount_path(destination);
      m.anonymous = true;
      if (destination.empty() || destination[0] != '/')
        return invalid_argument("invalid mount config for type \"volume\": invalid mount path: '" +
                                destination + "' mount path must be absolute");
      bool mounted = taken.count(m.destination) > 0;
      for (const auto& have : mounts)
        mounted = mounted || have.destination == m.destination;
      if (!mounted)
        mounts.push_back(std::move(m));
    }
  return mounts;
}

} // namespace mydocker::engine
