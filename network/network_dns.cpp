// NetworkService: the embedded resolver. Containers on user networks find each other by
// container name, network alias and short ID (dockerd's 127.0.0.11), live as they connect.
// Other names go to the container's --dns servers, else the host's; not at all from a
// container whose networks are all --internal (as dockerd 24+: no way out).
#include <algorithm>
#include <cctype>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "network/netlink/rtnl_message.hpp"
#include "network/netlink/rtnl_socket.hpp"
#include "network/network_service.hpp"

namespace mydocker::network {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool user_network(const api::NetworkInspect& info) {
  return info.driver == "bridge" && info.name != "bridge";
}

bool answers_to(const std::string& container_id, const EndpointInfo& ep, const std::string& name) {
  if (lower(ep.container_name) == name || container_id.substr(0, 12) == name)
    return true;
  return std::any_of(ep.aliases.begin(), ep.aliases.end(),
                     [&](const std::string& alias) { return lower(alias) == name; });
}

// Legacy links on a user network: `name` is one of the asker's link aliases; its target is
// found as any other name is. The target's name then, else "".
std::string link_target(const EndpointInfo& asker, const std::string& name) {
  for (const auto& link : asker.links) {
    auto colon = link.find(':');
    std::string alias = colon == std::string::npos ? link : link.substr(colon + 1);
    if (lower(alias) == name)
      return lower(link.substr(0, colon));
  }
  return "";
}

// The host's nameservers, queried for every other name (loopback ones too: the forwarder
// runs in the daemon's namespace).
std::vector<DnsUpstream> host_upstreams() {
  std::vector<DnsUpstream> out;
  std::istringstream in(read_file("/etc/resolv.conf").value_or(""));
  for (std::string word, line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string address;
    if (fields >> word >> address && word == "nameserver")
      if (auto ip = parse_ipv4(address); ip)
        out.push_back(DnsUpstream{*ip, 53});
  }
  return out;
}

Result<void> set_loopback_up(int netns_fd) {
  auto nl = TRY(netlink::RtnlSocket::open_in_netns(netns_fd));
  return nl.request(netlink::build_set_link_up(nl.next_seq(), 1), "set lo up");
}

} // namespace

NetworkService::~NetworkService() = default;

std::optional<std::vector<std::array<std::uint8_t, 4>>>
NetworkService::resolve(const std::string& container_id, const std::string& name) const {
  std::lock_guard lock(m_mutex);
  std::vector<std::array<std::uint8_t, 4>> found;
  for (const auto& [id, n] : m_networks) {
    if (!user_network(n.info) || !n.endpoints.count(container_id))
      continue; // only the networks the asking container is on
    std::string target = link_target(n.endpoints.at(container_id), name);
    for (const auto& [peer, ep] : n.endpoints)
      if (ep.address &&
          (answers_to(peer, ep, name) || (!target.empty() && answers_to(peer, ep, target))))
        found.push_back(ep.address->address);
  }
  if (found.empty())
    return std::nullopt;
  return found;
}

std::vector<DnsUpstream> NetworkService::upstreams_of(const std::string& container_id) const {
  std::lock_guard lock(m_mutex);
  bool external = std::any_of(m_networks.begin(), m_networks.end(), [&](const auto& item) {
    return !item.second.info.internal && item.second.endpoints.count(container_id);
  });
  if (!external)
    return {};
  auto own = m_dns_servers.find(container_id);
  return own != m_dns_servers.end() && !own->second.empty() ? own->second : m_host_upstreams;
}

bool NetworkService::wants_dns(const std::string& network_ref) const {
  std::lock_guard lock(m_mutex);
  const Network* n = find_locked(network_ref);
  return n && user_network(n->info);
}

Result<void> NetworkService::serve_dns(const std::string& container_id, int netns_fd,
                                       const std::vector<std::string>& dns_servers) {
  TRY_VOID(set_loopback_up(netns_fd)); // the socket binds 127.0.0.11, which needs lo up
  std::vector<DnsUpstream> own;
  for (const auto& server : dns_servers)
    if (auto ip = parse_ipv4(server); ip)
      own.push_back(DnsUpstream{*ip, 53}); // IPv6 servers: not forwarded (no IPv6 yet)
  std::lock_guard lock(m_dns_start);
  if (!m_dns) {
    {
      std::lock_guard names(m_mutex);
      m_host_upstreams = host_upstreams();
    }
    m_dns =
        TRY(DnsServer::start([this](const std::string& sandbox,
                                    const std::string& name) { return resolve(sandbox, name); },
                             [this](const std::string& sandbox) { return upstreams_of(sandbox); }));
  }
  {
    std::lock_guard names(m_mutex);
    m_dns_servers[container_id] = std::move(own);
  }
  return m_dns->add_sandbox(container_id, netns_fd);
}

void NetworkService::stop_dns(const std::string& container_id) {
  std::lock_guard lock(m_dns_start);
  if (m_dns)
    m_dns->remove_sandbox(container_id);
  std::lock_guard names(m_mutex);
  m_dns_servers.erase(container_id);
}

} // namespace mydocker::network
