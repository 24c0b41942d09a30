#include "engine/container_network.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/published_ports.hpp"
#include "network/netns.hpp"

namespace mydocker::engine {

namespace {

std::string own_netns_path(int pid) {
  return "/proc/" + std::to_string(pid) + "/ns/net";
}

// The networks a bridge-mode or user-network container joins, NetworkMode's first.
std::vector<std::string> networks_to_join(const ContainerRecord& r) {
  std::vector<std::string> out = {r.host_config.network_mode};
  for (const auto& [name, unused] : r.networking_config.endpoints_config)
    if (name != r.host_config.network_mode)
      out.push_back(name);
  return out;
}

Result<void> connect_all(network::NetworkService& networks, const ContainerRecord& r,
                         NetworkSandbox& sandbox) {
  int index = 0;
  for (const auto& name : networks_to_join(r)) {
    auto it = r.networking_config.endpoints_config.find(name);
    network::EndpointRequest req;
    req.container_id = r.id;
    req.container_name = r.name;
    req.network = name;
    req.netns_fd = sandbox.netns.get();
    req.default_route = index == 0;
    req.interface = "eth" + std::to_string(index++);
    if (it != r.networking_config.endpoints_config.end()) {
      if (it->second.ipam_config)
        req.fixed_ip = it->second.ipam_config->ipv4_address;
      req.aliases = it->second.aliases;
      req.links = it->second.links; // --link on a user network (engine/container/links)
    }
    if (!req.fixed_ip.empty() && name == "bridge")
      return invalid_argument(
          "user specified IP address is supported on user defined networks only");
    sandbox.endpoints.push_back(TRY(networks.connect(req)));
  }
  return {};
}

// Docker's /etc/hosts: the defaults, --add-host lines, then the container's own address.
Result<void> write_hosts(const ContainerRecord& r, const std::string& dir,
                         const NetworkSandbox& sandbox) {
  std::string hosts = TRY(hosts_file_content(r.host_config.extra_hosts));
  if (!sandbox.endpoints.empty() && sandbox.endpoints.front().address)
    hosts += network::ipv4_to_string(sandbox.endpoints.front().address->address) + "\t" +
             r.config.hostname + "\n";
  return write_file_replace(dir + "/hosts", hosts);
}

// Containers on user networks get the embedded resolver in their namespace.
Result<void> serve_dns_if_wanted(network::NetworkService& networks, const ContainerRecord& r,
                                 const std::string& dir, int netns_fd) {
  auto joined = networks_to_join(r);
  if (!std::any_of(joined.begin(), joined.end(),
                   [&](const std::string& n) { return networks.wants_dns(n); }))
    return {};
  TRY_VOID(networks.serve_dns(r.id, netns_fd));
  std::string path = dir + "/resolv.conf";
  return write_file_replace(path, embedded_dns_resolv_conf(read_file(path).value_or("")));
}

Result<void> wire_new_namespace(network::NetworkService& networks, const ContainerRecord& r,
                                const std::string& dir, NetworkSandbox& sandbox) {
  TRY_VOID(connect_all(networks, r, sandbox));
  TRY_VOID(serve_dns_if_wanted(networks, r, dir, sandbox.netns.get()));
  const auto& first = sandbox.endpoints.front();
  if (!first.address)
    return {};
  auto ports = TRY(plan_published_ports(r.host_config, r.config, first.address->address,
                                        r.name + " (" + first.endpoint_id + ")"));
  if (auto added = networks.publish(ports.nat); !added)
    return make_error(Errc::Internal, "driver failed programming external connectivity on "
                                      "endpoint " +
                                          r.name + ": " + added.error().message);
  sandbox.published = std::move(ports.published);
  sandbox.nat_ports = std::move(ports.nat);
  return {};
}

} // namespace

std::string ports_address(const ContainerRecord& r);

std::string container_network_peer(const std::string& network_mode) {
  const std::string prefix = "container:";
  return network_mode.rfind(prefix, 0) == 0 ? network_mode.substr(prefix.size()) : "";
}

Result<NetworkSandbox> prepare_network(network::NetworkService& networks, const ContainerRecord& r,
                                       const std::string& dir, runtime::Spec& spec,
                                       const RunningPid& running_pid) {
  NetworkSandbox sandbox;
  const std::string& mode = r.host_config.network_mode;
  if (mode == "host") {
    spec.join_namespaces["net"] = own_netns_path(::getpid());
  } else if (auto peer = container_network_peer(mode); !peer.empty()) {
    auto joined = TRY(running_pid(peer));
    spec.join_namespaces["net"] = own_netns_path(joined.pid);
    for (const char* file : {"/hosts", "/resolv.conf"})
      TRY_VOID(write_file_replace(dir + file, TRY(read_file(joined.dir + file))));
    return sandbox;
  } else if (mode != "none" && (mode != "bridge" || networks.driver_of("bridge"))) {
    // (-b none: no bridge network, and bridge-mode containers get only lo, as in dockerd)
    sandbox.netns = TRY(network::create_netns());
    spec.join_namespaces["net"] = network::netns_path_of_fd(sandbox.netns.get());
    if (auto wired = wire_new_namespace(networks, r, dir, sandbox); !wired) {
      release_network(networks, r.id, sandbox);
      return tl::unexpected(wired.error());
    }
  }
  if (auto written = write_hosts(r, dir, sandbox); !written) {
    release_network(networks, r.id, sandbox);
    return tl::unexpected(written.error());
  }
  return sandbox;
}

void release_network(network::NetworkService& networks, const std::string& id,
                     NetworkSandbox& sandbox) {
  networks.stop_dns(id);
  networks.unpublish(sandbox.nat_ports);
  for (const auto& ep : sandbox.endpoints)
    networks.disconnect(ep.network_id, id);
  sandbox.endpoints.clear();
  sandbox.nat_ports.clear();
  sandbox.netns.reset(); // the namespace and the veth ends in it go with the last reference
}

void record_endpoint(ContainerRecord& r, const network::EndpointInfo& ep) {
  api::EndpointSettings& s = r.networking_config.endpoints_config[ep.network_name];
  s.network_id = ep.network_id;
  s.endpoint_id = ep.endpoint_id;
  s.mac_address = ep.mac;
  s.gateway = ep.gateway;
  s.ip_address = ep.address ? network::ipv4_to_string(ep.address->address) : "";
  s.ip_prefix_len = ep.address ? ep.address->prefix : 0;
  s.dns_names = {r.name, r.id.substr(0, 12)};
  s.dns_names.insert(s.dns_names.end(), ep.aliases.begin(), ep.aliases.end());
}

void record_network(ContainerRecord& r, const NetworkSandbox& sandbox) {
  for (const auto& ep : sandbox.endpoints)
    record_endpoint(r, ep);
  r.published_ports = sandbox.published;
}

std::string embedded_dns_resolv_conf(const std::string& resolv_conf) {
  std::istringstream in(resolv_conf);
  std::string out = "nameserver 127.0.0.11\n", options;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("nameserver", 0) == 0)
      continue; // the embedded resolver forwards to them
    if (line.rfind("options", 0) == 0)
      options = line;
    else
      out += line + "\n";
  }
  return out + (options.empty() ? "options ndots:0" : options) + "\n";
}

// Ports were planned on the first network joined: NetworkMode's endpoint.
std::string ports_address(const ContainerRecord& r) {
  auto it = r.networking_config.endpoints_config.find(r.host_config.network_mode);
  return it == r.networking_config.endpoints_config.end() ? "" : it->second.ip_address;
}

void detach_network(network::NetworkService& networks, ContainerRecord& r) {
  networks.stop_dns(r.id);
  networks.unpublish(nat_entries(r.published_ports, ports_address(r)));
  for (auto& [name, s] : r.networking_config.endpoints_config) {
    if (s.endpoint_id.empty())
      continue;
    networks.disconnect(s.network_id, r.id);
  }
  clear_network_runtime(r);
}

void clear_network_runtime(ContainerRecord& r) {
  for (auto& [name, s] : r.networking_config.endpoints_config) {
    s.network_id.clear();
    s.endpoint_id.clear();
    s.mac_address.clear();
    s.gateway.clear();
    s.ip_address.clear();
    s.ip_prefix_len = 0;
    s.dns_names.clear();
  }
  r.published_ports.clear();
}

void restore_network(network::NetworkService& networks, const ContainerRecord& r) {
  for (const auto& [name, s] : r.networking_config.endpoints_config) {
    if (s.endpoint_id.empty())
      continue;
    network::EndpointInfo ep{s.network_id, name,      s.endpoint_id, s.mac_address,
                             std::nullopt, s.gateway, s.aliases,     r.name};
    if (auto ip = network::Ipv4Cidr::parse(s.ip_address + "/" + std::to_string(s.ip_prefix_len));
        ip && !s.ip_address.empty())
      ep.address = *ip;
    networks.restore(r.id, ep);
  }
  bool dns =
      std::any_of(r.networking_config.endpoints_config.begin(),
                  r.networking_config.endpoints_config.end(), [&](const auto& item) {
                    return !item.second.endpoint_id.empty() && networks.wants_dns(item.first);
                  });
  if (Fd netns(::open(own_netns_path(r.state.pid).c_str(), O_RDONLY | O_CLOEXEC)); dns && netns)
    if (auto served = networks.serve_dns(r.id, netns.get()); !served)
      log::error("container " + r.id + ": embedded DNS: " + served.error().message);
  // The table was rebuilt at daemon start: the ports go back in.
  if (auto added = networks.publish(nat_entries(r.published_ports, ports_address(r))); !added)
    log::error("container " + r.id + ": published ports: " + added.error().message);
}

} // namespace mydocker::engine

namespace mydocker::engine {

api::NetworkSettings network_settings_view(const ContainerRecord& r) {
  api::NetworkSettings out;
  out.networks = r.networking_config.endpoints_config;
  if (auto it = out.networks.find("bridge"); it != out.networks.end())
    out.bridge_endpoint = it->second;
  bool running = !r.published_ports.empty();
  for (const auto& [name, s] : out.networks)
    running = running || !s.endpoint_id.empty();
  if (!running)
    return out;
  out.sandbox_id = r.id; // one namespace per container start
  out.ports = r.published_ports;
  for (const auto& [port, unused] : r.config.exposed_ports)
    out.ports[port]; // exposed, not published: null, as dockerd
  return out;
}

} // namespace mydocker::engine
