// network connect / disconnect of one container (Docker's texts and status codes).
#include <fcntl.h>

#include "engine/container_network.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

namespace {

bool shares_a_namespace(const std::string& mode) {
  return mode == "host" || mode == "none" || !container_network_peer(mode).empty();
}

int attached_count(const ContainerRecord& r) {
  int n = 0;
  for (const auto& [name, s] : r.networking_config.endpoints_config)
    n += s.endpoint_id.empty() ? 0 : 1;
  return n;
}

} // namespace

Result<void> ContainerService::connect_network(const std::string& ref, const std::string& network,
                                               const api::EndpointSettings& settings) {
  if (!m_networks)
    return not_found("network " + network + " not found");
  auto info = TRY(m_networks->inspect(network));
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  if (shares_a_namespace(r.host_config.network_mode))
    return make_error(Errc::Forbidden,
                      "container sharing network namespace with another "
                      "container or host cannot be connected to any other network");
  if (auto it = r.networking_config.endpoints_config.find(info.name);
      it != r.networking_config.endpoints_config.end())
    return make_error(Errc::Forbidden,
                      "endpoint with name " + r.name + " already exists in network " + info.name);
  if (r.state.status != Status::Running) {
    r.networking_config.endpoints_config[info.name] = settings;
    return store(*e);
  }
  network::EndpointRequest req{
      r.id, r.name, info.id, "", settings.aliases, -1, "eth" + std::to_string(attached_count(r))};
  req.default_route = attached_count(r) == 0;
  if (settings.ipam_config)
    req.fixed_ip = settings.ipam_config->ipv4_address;
  std::string netns = "/proc/" + std::to_string(r.state.pid) + "/ns/net";
  network::EndpointInfo ep;
  TRY_VOID(run_unlocked(*e, lock, Busy::Starting, [&]() -> Result<void> {
    Fd fd(::open(netns.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
      return sys_error("open " + netns);
    req.netns_fd = fd.get();
    ep = TRY(m_networks->connect(req));
    if (m_networks->wants_dns(info.id))
      (void)m_networks->serve_dns(r.id, fd.get(), r.host_config.dns); // Conflict: already served
    return {};
  }));
  r.networking_config.endpoints_config[info.name] = settings;
  record_endpoint(r, ep);
  return store(*e);
}

Result<void> ContainerService::disconnect_network(const std::string& ref,
                                                  const std::string& network) {
  if (!m_networks)
    return not_found("network " + network + " not found");
  auto info = TRY(m_networks->inspect(network));
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  auto it = r.networking_config.endpoints_config.find(info.name);
  if (it == r.networking_config.endpoints_config.end())
    return make_error(Errc::Forbidden,
                      "container " + r.id + " is not connected to network " + info.name);
  std::string id = r.id;
  bool attached = !it->second.endpoint_id.empty();
  r.networking_config.endpoints_config.erase(it);
  bool dns_left = false;
  for (const auto& [name, s] : r.networking_config.endpoints_config)
    dns_left = dns_left || (!s.endpoint_id.empty() && m_networks->wants_dns(name));
  if (!attached)
    return store(*e);
  TRY_VOID(run_unlocked(*e, lock, Busy::CleaningUp, [&]() -> Result<void> {
    m_networks->disconnect(info.id, id, true);
    if (!dns_left)
      m_networks->stop_dns(id);
    return {};
  }));
  return store(*e);
}

} // namespace mydocker::engine
