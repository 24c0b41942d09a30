// NetworkService: container endpoints (address, veth pair) and published ports.
#include "common/event_bus.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "network/netlink/rtnl_socket.hpp"
#include "network/network_service.hpp"
#include "network/nft_applier.hpp"
#include "network/veth.hpp"

namespace mydocker::network {

Result<EndpointInfo> NetworkService::connect(const EndpointRequest& req) {
  EndpointInfo ep;
  VethEndpoint veth;
  {
    std::lock_guard lock(m_mutex);
    Network* n = find_locked(req.network);
    if (!n)
      return not_found("network " + req.network + " not found");
    if (n->endpoints.count(req.container_id))
      return make_error(Errc::Forbidden, "endpoint with name " + req.container_name +
                                             " already exists in network " + n->info.name);
    ep.network_id = n->info.id;
    ep.network_name = n->info.name;
    ep.endpoint_id = random_hex_id();
    ep.aliases = req.aliases;
    ep.links = req.links;
    ep.container_name = req.container_name;
    if (!n->ipam) { // host and none: nothing to wire
      n->endpoints[req.container_id] = ep;
      return ep;
    }
    ep.address =
        req.fixed_ip.empty() ? TRY(n->ipam->allocate()) : TRY(n->ipam->reserve(req.fixed_ip));
    ep.gateway = ipv4_to_string(n->ipam->gateway());
    auto mac = mac_for_address(ep.address->address);
    ep.mac = mac_to_string(mac);
    veth = VethEndpoint{host_veth_name(ep.endpoint_id),
                        bridge_of(n->info),
                        req.netns_fd,
                        req.interface,
                        mac,
                        *ep.address,
                        std::nullopt};
    // --internal too, as dockerd: the forward chain, not a missing route, keeps it inside.
    if (req.default_route)
      veth.gateway = n->ipam->gateway();
    n->endpoints[req.container_id] = ep; // claimed now: a concurrent connect sees it
  }
  if (auto wired = create_veth_endpoint(veth); !wired) {
    disconnect(ep.network_id, req.container_id);
    return tl::unexpected(wired.error());
  }
  events::publish_network("connect", ep.network_id, ep.network_name, "bridge",
                          {{"container", req.container_id}});
  return ep;
}

void NetworkService::disconnect(const std::string& network_id, const std::string& container_id,
                                bool delete_veth) {
  std::string veth;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_networks.find(network_id);
    if (it == m_networks.end())
      return;
    Network& n = it->second;
    auto ep = n.endpoints.find(container_id);
    if (ep == n.endpoints.end())
      return;
    if (n.ipam && ep->second.address)
      n.ipam->release(ep->second.address->address);
    veth = host_veth_name(ep->second.endpoint_id);
    n.endpoints.erase(ep);
    events::publish_network("disconnect", network_id, n.info.name, n.info.driver,
                            {{"container", container_id}});
  }
  if (!delete_veth)
    return; // the namespace took it along when the container's last process ended
  auto socket = netlink::RtnlSocket::open();
  if (!socket || !delete_link(*socket, veth))
    log::warn("cannot delete " + veth);
}

void NetworkService::restore(const std::string& container_id, const EndpointInfo& endpoint) {
  std::lock_guard lock(m_mutex);
  auto it = m_networks.find(endpoint.network_id);
  if (it == m_networks.end()) {
    log::warn("container " + container_id + " is on network " + endpoint.network_id +
              ", which no longer exists");
    return;
  }
  Network& n = it->second;
  if (n.ipam && endpoint.address) {
    if (n.ipam->in_use(endpoint.address->address) ||
        !n.ipam->reserve(ipv4_to_string(endpoint.address->address)))
      log::warn("container " + container_id + ": address " + endpoint.address->to_string() +
                " cannot be taken again");
  }
  n.endpoints[container_id] = endpoint;
}

Result<void> NetworkService::publish(const std::vector<PublishedPort>& ports) {
  if (ports.empty())
    return {};
  TRY_VOID(run_nft_script(render_port_additions(ports, m_config.nat_table)));
  std::lock_guard lock(m_mutex);
  m_ports.insert(m_ports.end(), ports.begin(), ports.end());
  return {};
}

void NetworkService::unpublish(const std::vector<PublishedPort>& ports) {
  for (const auto& port : ports) { // one by one: a port already gone does not keep the others
    (void)run_nft_script(render_port_removal(port, m_config.nat_table));
    std::lock_guard lock(m_mutex);
    std::erase_if(m_ports, [&](const PublishedPort& p) {
      return p.protocol == port.protocol && p.host_ip == port.host_ip &&
             p.host_port == port.host_port;
    });
  }
}

} // namespace mydocker::network
