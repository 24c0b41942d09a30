#include "network/network_service.hpp"

#include <filesystem>

#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"
#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "common/time_format.hpp"
#include "network/nft_applier.hpp"
#include "network/sysctl.hpp"

namespace mydocker::network {

namespace fs = std::filesystem;

std::string bridge_of(const api::NetworkInspect& info) {
  auto it = info.options.find(bridge_name_option);
  return it == info.options.end() ? std::string() : it->second;
}

namespace {

api::NetworkInspect predefined(const std::string& name, const std::string& driver) {
  api::NetworkInspect n;
  n.name = name;
  n.id = random_hex_id();
  n.created = format_rfc3339_nano(now_unix_nanos());
  n.driver = driver;
  n.enable_ipv4 = true;
  n.ipam = api::Ipam{};
  return n;
}

// The default bridge's record follows the daemon's flags (-b, --bip) at every start.
void describe_default_bridge(api::NetworkInspect& n, const std::string& bridge,
                             const Ipv4Cidr& gateway) {
  n.options = {{"com.docker.network.bridge.default_bridge", "true"},
               {"com.docker.network.bridge.enable_icc", "true"},
               {"com.docker.network.bridge.enable_ip_masquerade", "true"},
               {"com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"},
               {bridge_name_option, bridge},
               {"com.docker.network.driver.mtu", "1500"}};
  api::IpamPool pool;
  pool.subnet = gateway.masked().to_string();
  pool.gateway = ipv4_to_string(gateway.address);
  n.ipam = api::Ipam{};
  n.ipam->config = {pool};
}

} // namespace

Result<std::unique_ptr<NetworkService>> NetworkService::open(NetworkServiceConfig config) {
  std::unique_ptr<NetworkService> service(new NetworkService(std::move(config)));
  TRY_VOID(make_dirs(service->dir(), 0700));
  TRY_VOID(service->load());
  TRY_VOID(service->ensure_predefined());
  TRY_VOID(service->ensure_user_bridges());
  return service;
}

Result<void> NetworkService::load() {
  std::error_code ec;
  for (auto& file : fs::directory_iterator(dir(), ec)) {
    if (file.path().extension() != ".json")
      continue;
    auto text = read_file(file.path().string());
    auto parsed = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    Network n;
    if (parsed.is_discarded() || !parsed.is_object() ||
        api::decode_into(parsed, n.info, "network").has_value() || n.info.id.empty()) {
      log::error("network record " + file.path().string() + " cannot be read: skipped");
      continue;
    }
    if (n.info.driver == "bridge" && n.info.ipam && !n.info.ipam->config.empty()) {
      const auto& pool = n.info.ipam->config.front();
      if (auto ipam = SubnetAllocator::create(pool.subnet, pool.gateway); ipam)
        n.ipam = std::move(*ipam);
    }
    m_networks[n.info.id] = std::move(n);
  }
  return {};
}

Result<void> NetworkService::ensure_predefined() {
  std::vector<std::pair<std::string, std::string>> wanted = {{"host", "host"}, {"none", "null"}};
  if (!m_config.default_bridge.empty())
    wanted.insert(wanted.begin(), {"bridge", "bridge"});
  else if (auto* stale = find_locked("bridge"); stale && stale->info.name == "bridge") {
    ::unlink((dir() + "/" + stale->info.id + ".json").c_str()); // -b none: no bridge network
    m_networks.erase(stale->info.id);
  }
  for (const auto& [name, driver] : wanted) {
    Network* existing = find_locked(name);
    Network n = existing ? std::move(*existing) : Network{predefined(name, driver), {}, {}};
    if (existing)
      m_networks.erase(n.info.id);
    if (name == "bridge") {
      auto gateway = TRY(Ipv4Cidr::parse(m_config.bridge_cidr));
      describe_default_bridge(n.info, m_config.default_bridge, gateway);
      n.ipam = TRY(
          SubnetAllocator::create(gateway.masked().to_string(), ipv4_to_string(gateway.address)));
    }
    TRY_VOID(save(n.info));
    m_networks[n.info.id] = std::move(n);
  }
  return {};
}

Result<void> NetworkService::save(const api::NetworkInspect& info) {
  api::NetworkInspect stored = info;
  stored.containers.clear(); // endpoints follow the containers' own records
  return write_file_atomic(dir() + "/" + info.id + ".json", api::encode_value(stored).dump(), 0600);
}

// Docker's lookup order: exact ID, exact name, then a unique ID prefix.
const NetworkService::Network* NetworkService::find_locked(const std::string& ref) const {
  if (ref.empty())
    return nullptr;
  if (auto it = m_networks.find(ref); it != m_networks.end())
    return &it->second;
  for (const auto& [id, n] : m_networks)
    if (n.info.name == ref)
      return &n;
  const Network* found = nullptr;
  for (const auto& [id, n] : m_networks) {
    if (id.rfind(ref, 0) != 0)
      continue;
    if (found)
      return nullptr;
    found = &n;
  }
  return found;
}

NetworkService::Network* NetworkService::find_locked(const std::string& ref) {
  return const_cast<Network*>(std::as_const(*this).find_locked(ref));
}

api::NetworkInspect NetworkService::view(const Network& n) const {
  api::NetworkInspect out = n.info;
  for (const auto& [container_id, ep] : n.endpoints) {
    api::NetworkEndpoint e;
    e.name = ep.container_name;
    e.endpoint_id = ep.endpoint_id;
    e.mac_address = ep.mac;
    e.ipv4_address = ep.address ? ep.address->to_string() : "";
    out.containers[container_id] = e;
  }
  return out;
}

std::vector<api::NetworkInspect> NetworkService::list() const {
  std::lock_guard lock(m_mutex);
  std::vector<api::NetworkInspect> out;
  for (const auto& [id, n] : m_networks)
    out.push_back(view(n));
  return out;
}

Result<api::NetworkInspect> NetworkService::inspect(const std::string& ref) const {
  std::lock_guard lock(m_mutex);
  const Network* n = find_locked(ref);
  if (!n)
    return not_found("network " + ref + " not found");
  return view(*n);
}

Result<std::string> NetworkService::driver_of(const std::string& ref) const {
  std::lock_guard lock(m_mutex);
  const Network* n = find_locked(ref);
  if (!n)
    return not_found("network " + ref + " not found");
  return n->info.driver;
}

NatRules NetworkService::nat_rules_locked() const {
  NatRules rules;
  for (const auto& [id, n] : m_networks)
    if (n.info.driver == "bridge" && n.ipam)
      rules.bridges.push_back({bridge_of(n.info), n.ipam->subnet(), n.info.internal});
  rules.ports = m_ports;
  return rules;
}

Result<void> NetworkService::install_nat() {
  NatRules rules;
  {
    std::lock_guard lock(m_mutex);
    rules = nat_rules_locked();
  }
  if (rules.bridges.empty())
    return {};
  TRY_VOID(enable_ip_forwarding());
  for (const auto& bridge : rules.bridges) // published ports answer on 127.0.0.1 (DNAT)
    if (auto set = enable_route_localnet(bridge.bridge); !set)
      log::warn(set.error().message);
  return run_nft_script(TRY(render_nat_script(rules, m_config.nat_table)));
}

void NetworkService::shutdown(bool containers_running) {
  if (containers_running)
    return; // their published ports and NAT must keep working without the daemon
  if (auto removed = run_nft_script(render_nat_removal(m_config.nat_table)); !removed)
    log::warn("remove nftables table " + m_config.nat_table + ": " + removed.error().message);
}

} // namespace mydocker::network
