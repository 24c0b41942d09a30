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
#include "network/step_timer.hpp"

namespace mydocker::engine {

namespace {

std::string own_netns_path(int pid) {
  return "/proc/" + std::to_string(pid) + "/ns/net";
}

// NetworkMode may name its network by ID or ID prefix; endpoint configs are keyed by name.
std::string mode_network_name(const network::NetworkService& networks, const ContainerRecord& r) {
  const auto& configs = r.networking_config.endpoints_config;
  if (configs.empty() || configs.count(r.host_config.network_mode))
    return r.host_config.network_mode; // the usual cases: no lookup on the start path
  auto info = networks.inspect(r.host_config.network_mode);
  return info ? info->name : r.host_config.network_mode;
}

// The networks a bridge-mode or user-network container joins, NetworkMode's first.
std::vector<std::string> networks_to_join(const network::NetworkService& networks,
                                          const ContainerRecord& r) {
  std::vector<std::string> out = {r.host_config.network_mode};
  std::string mode_name = mode_network_name(networks, r);
  for (const auto& [name, unused] : r.networking_config.endpoints_config)
    if (name != r.host_config.network_mode && name != mode_name)
      out.push_back(name);
  return out;
}

const api::EndpointSettings* endpoint_config(const network::NetworkService& networks,
                                             const ContainerRecord& r, const std::string& name) {
  const auto& configs = r.networking_config.endpoints_config;
  auto it = configs.find(name);
  if (it == configs.end() && name == r.host_config.network_mode)
    it = configs.find(mode_network_name(networks, r));
  return it == configs.end() ? nullptr : &it->second;
}

Result<void> connect_all(network::NetworkService& networks, const ContainerRecord& r,
                         NetworkSandbox& sandbox) {
  int index = 0;
  for (const auto& name : networks_to_join(networks, r)) {
    const api::EndpointSettings* config = endpoint_config(networks, r, name);
    network::EndpointRequest req;
    req.container_id = r.id;
    req.container_name = r.name;
    req.network = name;
    req.netns_fd = sandbox.netns.get();
    req.default_route = index == 0;
    req.interface = "eth" + std::to_string(index++);
    if (config) {
      if (config->ipam_config)
        req.fixed_ip = config->ipam_config->ipv4_address;
      req.aliases = config->aliases;
      req.links = config->links; // --link on a user network (engine/container/links)
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
  auto joined = networks_to_join(networks, r);
  if (!std::any_of(joined.begin(), joined.end(),
                   [&](const std::string& n) { return networks.wants_dns(n); }))
    return {};
  TRY_VOID(networks.serve_dns(r.id, netns_fd, r.host_config.dns));
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

// host and none: dockerd gives these containers an endpoint too (EndpointID, no address).
network::EndpointRequest predefined_endpoint(const ContainerRecord& r) {
  network::EndpointRequest req;
  req.container_id = r.id;
  req.container_name = r.name;
  req.network = r.host_config.network_mode;
  return req;
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
    network::StepTimer timer("start " + r.id.substr(0, 12));
    sandbox.netns = TRY(network::create_netns());
    timer.lap("netns");
    spec.join_namespaces["net"] = network::netns_path_of_fd(sandbox.netns.get());
    if (auto wired = wire_new_namespace(networks, r, dir, sandbox); !wired) {
      release_network(networks, r.id, sandbox);
      return tl::unexpected(wired.error());
    }
    timer.lap("endpoints+dns+ports");
  }
  if (mode == "host" || mode == "none") // an endpoint without wiring, shown in inspect
    sandbox.endpoints.push_back(TRY(networks.connect(predefined_endpoint(r))));
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
  if (!ep.address)
    return; // host, none: no DNS names (dockerd: null)
  s.dns_names = {r.name, r.id.substr(0, 12)};
  s.dns_names.insert(s.dns_names.end(), ep.aliases.begin(), ep.aliases.end());
}

void record_network(ContainerRecord& r, const NetworkSandbox& sandbox) {
  for (const auto& ep : sandbox.endpoints)
    record_endpoint(r, ep);
  r.published_ports = sandbox.published;
}

// dockerd's order: search, the embedded resolver, then the options with ndots:0 added unless
// the user set ndots (so container names are tried before search domains).
std::string embedded_dns_resolv_conf(const std::string& resolv_conf) {
  std::istringstream in(resolv_conf);
  std::string search, options, others;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("nameserver", 0) == 0)
      continue; // the embedded resolver forwards to them
    if (line.rfind("options", 0) == 0)
      options += line.substr(7);
    else if (line.rfind("search", 0) == 0)
      search = line + "\n";
    else
      others += line + "\n";
  }
  if (options.find("ndots:") == std::string::npos)
    options += " ndots:0";
  return search + others + "nameserver 127.0.0.11\noptions" + options + "\n";
}

// Ports were planned on the first network joined: NetworkMode's endpoint (the mode may be the
// network's ID or an ID prefix, the endpoint is keyed by the network's name).
std::string ports_address(const ContainerRecord& r) {
  const std::string& mode = r.host_config.network_mode;
  const auto& configs = r.networking_config.endpoints_config;
  if (auto it = configs.find(mode); it != configs.end())
    return it->second.ip_address;
  for (const auto& [name, s] : configs)
    if (!s.network_id.empty() && s.network_id.rfind(mode, 0) == 0)
      return s.ip_address;
  return "";
}

void detach_network(network::NetworkService& networks, ContainerRecord& r) {
  network::StepTimer timer("detach " + r.id.substr(0, 12));
  networks.stop_dns(r.id);
  networks.unpublish(nat_entries(r.published_ports, ports_address(r)));
  timer.lap("dns+ports");
  for (auto& [name, s] : r.networking_config.endpoints_config) {
    if (s.endpoint_id.empty())
      continue;
    networks.disconnect(s.network_id, r.id);
  }
  timer.lap("endpoints");
  clear_network_runtime(r);
}

void clear_network_runtime(ContainerRecord& r) {
  for (auto& [name, s] : r.networking_config.endpoints_config) {
    // NetworkID stays: dockerd still names the network of a stopped container.
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
    if (auto served = networks.serve_dns(r.id, netns.get(), r.host_config.dns); !served)
      log::error("container " + r.id + ": embedded DNS: " + served.error().message);
  // The table was rebuilt at daemon start: the ports go back in.
  if (auto added = networks.publish(nat_entries(r.published_ports, ports_address(r))); !added)
    log::error("container " + r.id + ": published ports: " + added.error().message);
}

} // namespace mydocker::engine
