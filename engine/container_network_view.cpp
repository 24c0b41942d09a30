// inspect's NetworkSettings as dockerd shows them, built from a container's record.
#include "engine/container_network.hpp"

namespace mydocker::engine {

api::NetworkSettings network_settings_view(const ContainerRecord& r) {
  api::NetworkSettings out;
  out.networks = r.networking_config.endpoints_config;
  const std::string& mode = r.host_config.network_mode;
  if (out.networks.empty() && container_network_peer(mode).empty())
    out.networks[mode]; // dockerd shows the mode's network before the first start
  if (auto it = out.networks.find("bridge"); it != out.networks.end())
    out.bridge_endpoint = it->second;
  bool running = !r.published_ports.empty(), addressed = false;
  for (const auto& [name, s] : out.networks) {
    running = running || !s.endpoint_id.empty();
    addressed = addressed || !s.ip_address.empty();
  }
  if (!running)
    return out;
  out.sandbox_id = r.id; // one namespace per container start
  for (const auto& [port, bindings] : r.published_ports)
    out.ports[port] = bindings;
  if (addressed) // host and none have no ports at all (dockerd: {})
    for (const auto& [port, unused] : r.config.exposed_ports)
      out.ports.try_emplace(port, std::nullopt); // exposed, not published: null, as dockerd
  return out;
}

} // namespace mydocker::engine
