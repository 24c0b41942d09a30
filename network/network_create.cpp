// NetworkService: user-defined bridge networks (network create, rm, prune).
#include <unistd.h>

#include "common/event_bus.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "common/time_format.hpp"
#include "network/address_pools.hpp"
#include "network/bridge.hpp"
#include "network/host_routes.hpp"
#include "network/network_service.hpp"

namespace mydocker::network {

namespace {

bool predefined_name(const std::string& name) {
  return name == "bridge" || name == "host" || name == "none";
}

Result<SubnetAllocator> allocator_for(const api::NetworkCreateBody& body,
                                      const std::optional<Ipv4Cidr>& chosen) {
  if (chosen)
    return SubnetAllocator::create(chosen->masked().to_string());
  const api::IpamPool& pool = body.ipam->config.front();
  return SubnetAllocator::create(pool.subnet, pool.gateway);
}

} // namespace

Result<Ipv4Cidr> NetworkService::free_subnet_locked() const {
  std::vector<Ipv4Cidr> taken;
  if (auto routes = list_host_routes(); routes)
    taken = claimed_subnets(*routes);
  for (const auto& [id, n] : m_networks)
    if (n.ipam)
      taken.push_back(n.ipam->subnet());
  return choose_free_pool(taken);
}

Result<api::NetworkInspect> NetworkService::create(const api::NetworkCreateBody& body) {
  if (body.name.empty())
    return invalid_argument("network name must not be empty"); // moby's text differs by version
  if (body.driver != "bridge" && !body.driver.empty())
    return not_found("plugin \"" + body.driver + "\" not found");
  std::unique_lock lock(m_mutex);
  if (find_locked(body.name) && find_locked(body.name)->info.name == body.name)
    return conflict("network with name " + body.name + " already exists");
  bool given = body.ipam && !body.ipam->config.empty() && !body.ipam->config.front().subnet.empty();
  std::optional<Ipv4Cidr> chosen;
  if (!given)
    chosen = TRY(free_subnet_locked());
  auto ipam = TRY(allocator_for(body, chosen));
  for (const auto& [id, n] : m_networks)
    if (n.ipam && n.ipam->subnet().overlaps(ipam.subnet()))
      return make_error(Errc::Forbidden, "invalid pool request: Pool overlaps with other one on "
                                         "this address space");
  Network n;
  static_cast<api::NetworkCommon&>(n.info) = body; // driver, options, labels, internal...
  n.info.name = body.name;
  n.info.id = random_hex_id();
  n.info.driver = "bridge";
  n.info.created = format_rfc3339_nano(now_unix_nanos());
  n.info.enable_ipv4 = true;
  if (!n.info.options.count(bridge_name_option))
    n.info.options[bridge_name_option] = "br-" + n.info.id.substr(0, 12);
  api::IpamPool pool;
  pool.subnet = ipam.subnet().to_string();
  pool.gateway = ipv4_to_string(ipam.gateway());
  n.info.ipam = body.ipam.value_or(api::Ipam{});
  n.info.ipam->config = {pool};
  n.ipam = std::move(ipam);
  std::string bridge = bridge_of(n.info);
  std::string cidr = n.ipam->gateway_cidr().to_string();
  lock.unlock();
  TRY_VOID(ensure_bridge(bridge, cidr));
  if (auto saved = save(n.info); !saved) {
    (void)delete_bridge(bridge);
    return tl::unexpected(saved.error());
  }
  api::NetworkInspect out = n.info;
  lock.lock();
  m_networks[n.info.id] = std::move(n);
  lock.unlock();
  if (auto nat = install_nat(); !nat)
    log::error("nftables after network create: " + nat.error().message);
  events::publish_network("create", out.id, out.name, "bridge");
  return out;
}

Result<void> NetworkService::remove(const std::string& ref) {
  std::unique_lock lock(m_mutex);
  Network* n = find_locked(ref);
  if (!n)
    return not_found("network " + ref + " not found");
  if (predefined_name(n->info.name))
    return make_error(Errc::Forbidden,
                      n->info.name + " is a pre-defined network and cannot be removed");
  if (!n->endpoints.empty())
    return conflict("error while removing network: network " + n->info.name + " id " + n->info.id +
                    " has active endpoints");
  std::string id = n->info.id, name = n->info.name, bridge = bridge_of(n->info);
  m_networks.erase(id);
  lock.unlock();
  events::publish_network("destroy", id, name, "bridge");
  ::unlink((dir() + "/" + id + ".json").c_str());
  if (auto deleted = delete_bridge(bridge); !deleted)
    log::warn("remove bridge " + bridge + ": " + deleted.error().message);
  return install_nat();
}

std::vector<std::string> NetworkService::prune() {
  std::vector<std::string> idle;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [id, n] : m_networks)
      if (!predefined_name(n.info.name) && n.endpoints.empty())
        idle.push_back(n.info.name);
  }
  std::vector<std::string> removed;
  for (const auto& name : idle)
    if (remove(name))
      removed.push_back(name);
  return removed;
}

// Daemon start: the bridges of user networks come back (a reboot or a clean stop took them).
Result<void> NetworkService::ensure_user_bridges() {
  for (const auto& [id, n] : m_networks) {
    if (predefined_name(n.info.name) || !n.ipam)
      continue;
    if (auto made = ensure_bridge(bridge_of(n.info), n.ipam->gateway_cidr().to_string()); !made)
      log::error("network " + n.info.name + ": " + made.error().message);
  }
  return {};
}

} // namespace mydocker::network
