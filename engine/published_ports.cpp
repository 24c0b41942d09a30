#include "engine/published_ports.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "common/fd.hpp"
#include "network/ipam.hpp"
#include "network/ipv4_cidr.hpp"

namespace mydocker::engine {

namespace {

struct PortKey {
  std::uint16_t port = 0;
  network::Protocol protocol = network::Protocol::Tcp;
};

Result<PortKey> parse_port_key(const std::string& key) {
  auto slash = key.find('/');
  std::string proto = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
  std::string number = key.substr(0, slash);
  char* end = nullptr;
  long port = std::strtol(number.c_str(), &end, 10);
  if (number.empty() || *end != '\0' || port < 1 || port > 65535)
    return invalid_argument("invalid port specification: \"" + key + "\"");
  if (proto != "tcp" && proto != "udp")
    return invalid_argument("invalid proto: " + proto);
  return PortKey{static_cast<std::uint16_t>(port),
                 proto == "udp" ? network::Protocol::Udp : network::Protocol::Tcp};
}

// Binds host_ip:port (0 = the kernel picks one) and gives back the port bound: the same
// check dockerd's port allocator and proxy make, with no socket kept (DNAT does the work).
Result<std::uint16_t> claim_host_port(const network::Ipv4Address& host_ip, std::uint16_t port,
                                      network::Protocol protocol) {
  Fd fd(::socket(
      AF_INET, (protocol == network::Protocol::Udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0));
  if (!fd)
    return sys_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  std::memcpy(&addr.sin_addr, host_ip.data(), 4);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return sys_error("bind");
  socklen_t len = sizeof addr;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return sys_error("getsockname");
  return ntohs(addr.sin_port);
}

Result<network::PublishedPort> plan_one(const PortKey& key, const api::PortBinding& binding,
                                        const network::Ipv4Address& container_ip,
                                        const std::string& endpoint) {
  network::PublishedPort p;
  p.protocol = key.protocol;
  p.container_ip = container_ip;
  p.container_port = key.port;
  network::Ipv4Address host_ip{0, 0, 0, 0};
  if (!binding.host_ip.empty() && binding.host_ip != "0.0.0.0") {
    host_ip = TRY(network::parse_ipv4(binding.host_ip));
    p.host_ip = host_ip;
  }
  // "8000-8010": the first free one of the range, as dockerd.
  if (binding.host_port.find_first_not_of("0123456789-") != std::string::npos)
    return invalid_argument("invalid hostPort: " + binding.host_port);
  std::string text = binding.host_port.substr(0, binding.host_port.find('-'));
  long first = text.empty() ? 0 : std::strtol(text.c_str(), nullptr, 10);
  auto dash = binding.host_port.find('-');
  long last = dash == std::string::npos
                  ? first
                  : std::strtol(binding.host_port.c_str() + dash + 1, nullptr, 10);
  if (first < 0 || last > 65535 || last < first)
    return invalid_argument("invalid hostPort: " + binding.host_port);
  for (long port = first; port <= last; ++port) {
    auto claimed = claim_host_port(host_ip, static_cast<std::uint16_t>(port), key.protocol);
    if (claimed) {
      p.host_port = *claimed;
      return p;
    }
  }
  return make_error(Errc::Internal,
                    "driver failed programming external connectivity on endpoint " + endpoint +
                        ": Bind for " + network::ipv4_to_string(host_ip) + ":" +
                        std::to_string(first) + " failed: port is already allocated");
}

} // namespace

Result<PortPlan> plan_published_ports(const api::HostConfig& hc, const api::ContainerConfig& config,
                                      const std::array<std::uint8_t, 4>& container_ip,
                                      const std::string& endpoint) {
  api::PortMap wanted = hc.port_bindings;
  if (hc.publish_all_ports)
    for (const auto& [port, unused] : config.exposed_ports)
      if (wanted[port].empty())
        wanted[port].push_back({});
  PortPlan plan;
  for (const auto& [key_text, bindings] : wanted) {
    PortKey key = TRY(parse_port_key(key_text));
    for (const auto& binding : bindings) {
      auto p = TRY(plan_one(key, binding, container_ip, endpoint));
      plan.published[key_text].push_back(
          {p.host_ip ? network::ipv4_to_string(*p.host_ip) : "0.0.0.0",
           std::to_string(p.host_port)});
      plan.nat.push_back(p);
    }
  }
  return plan;
}

std::vector<network::PublishedPort> nat_entries(const api::PortMap& published,
                                                const std::string& container_ip) {
  std::vector<network::PublishedPort> out;
  auto ip = network::parse_ipv4(container_ip);
  if (!ip)
    return out;
  for (const auto& [key_text, bindings] : published) {
    auto key = parse_port_key(key_text);
    if (!key)
      continue;
    for (const auto& b : bindings) {
      network::PublishedPort p{key->protocol, std::nullopt, 0, *ip, key->port};
      if (b.host_ip != "0.0.0.0")
        if (auto host_ip = network::parse_ipv4(b.host_ip); host_ip)
          p.host_ip = *host_ip;
      p.host_port = static_cast<std::uint16_t>(std::strtol(b.host_port.c_str(), nullptr, 10));
      out.push_back(p);
    }
  }
  return out;
}

} // namespace mydocker::engine
