// ContainerService's network steps (engine/container_network.hpp does the work): the peer of
// --network container:NAME, the start's sandbox, and giving endpoints back after an exit.
#include "engine/container_network.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

Result<PeerSandbox> ContainerService::running_pid_of(const std::string& ref) {
  auto peer = TRY(snapshot(ref));
  if (peer.state.status != Status::Running || peer.state.pid <= 0)
    return conflict("cannot join network of a non running container: " + peer.id);
  return PeerSandbox{peer.state.pid, container_dir(m_config, peer.id)};
}

// EndpointsConfig keyed by a network's ID or ID prefix (the SDK sends what it was given) is
// stored under the network's name, as inspect shows it.
static void key_endpoints_by_name(const network::NetworkService& networks, ContainerRecord& r) {
  auto& configs = r.networking_config.endpoints_config;
  std::map<std::string, api::EndpointSettings> by_name;
  for (auto& [key, settings] : configs) {
    auto info = networks.inspect(key);
    by_name.emplace(info ? info->name : key, std::move(settings));
  }
  configs = std::move(by_name);
}

Result<void> ContainerService::check_networks(ContainerRecord& r) {
  const std::string& mode = r.host_config.network_mode;
  if (auto peer = container_network_peer(mode); !peer.empty()) {
    TRY(m_index.find(peer));
    return {};
  }
  if (!m_networks || mode == "host" || mode == "none" ||
      (mode == "bridge" && !m_networks->driver_of("bridge")))
    return {};
  std::vector<std::string> names = {mode};
  for (const auto& [name, unused] : r.networking_config.endpoints_config)
    names.push_back(name);
  for (const auto& name : names)
    TRY(m_networks->driver_of(name));
  key_endpoints_by_name(*m_networks, r);
  auto it = r.networking_config.endpoints_config.find("bridge");
  if (it == r.networking_config.endpoints_config.end())
    return {};
  if (it->second.ipam_config && !it->second.ipam_config->ipv4_address.empty())
    return invalid_argument("user specified IP address is supported on user defined networks only");
  if (!it->second.aliases.empty())
    return invalid_argument(
        "network-scoped alias is supported only for containers in user defined networks");
  return {};
}

Result<void> ContainerService::prepare_network_for(const ContainerRecord& r, runtime::Spec& spec,
                                                   NetworkSandbox& sandbox) {
  auto prepared =
      TRY(prepare_network(*m_networks, r, container_dir(m_config, r.id), spec,
                          [this](const std::string& ref) { return running_pid_of(ref); }));
  sandbox = std::move(prepared);
  return {};
}

// Called with the entry locked and idle: nft and netlink run with the mutex released while
// the entry is marked busy, then the cleared fields are stored.
void ContainerService::detach_network_unlocked(Entry& e, Lock& lock) {
  if (!m_networks)
    return;
  ContainerRecord copy = e.record;
  bool attached = !copy.published_ports.empty();
  for (const auto& [name, s] : copy.networking_config.endpoints_config)
    attached = attached || !s.endpoint_id.empty();
  if (!attached)
    return;
  (void)run_unlocked(e, lock, Busy::CleaningUp, [&]() -> Result<void> {
    detach_network(*m_networks, copy);
    return {};
  });
  clear_network_runtime(e.record);
  // Published only: no second fsync on the exit path; a record read back after a restart
  // has these fields cleared for every container that does not run (load_containers).
  e.publish();
}

} // namespace mydocker::engine
