#include "cli/run_network_options.hpp"

#include <string>

namespace mydocker::cli {

using nlohmann::json;

const std::vector<FlagSpec>& run_network_flags() {
  static const std::vector<FlagSpec> flags = {{"p", "publish", true},   {"P", "publish-all", false},
                                              {"", "network", true},    {"", "net", true},
                                              {"", "ip", true},         {"", "network-alias", true},
                                              {"", "dns", true},        {"", "dns-search", true},
                                              {"", "dns-option", true}, {"", "add-host", true}};
  return flags;
}

namespace {

// docker's nat.ParsePortSpec: [ip:][hostPort:]containerPort[/proto].
Result<void> add_publish(const std::string& spec, json& exposed, json& bindings) {
  std::string rest = spec, proto = "tcp";
  if (auto slash = rest.rfind('/'); slash != std::string::npos) {
    proto = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string ip, host_port, container_port = rest;
  if (auto last = rest.rfind(':'); last != std::string::npos) {
    container_port = rest.substr(last + 1);
    std::string front = rest.substr(0, last);
    auto first = front.rfind(':');
    if (first == std::string::npos) {
      host_port = front;
    } else {
      ip = front.substr(0, first);
      host_port = front.substr(first + 1);
    }
  }
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
    ip = ip.substr(1, ip.size() - 2);
  if (container_port.empty() || container_port.find_first_not_of("0123456789") != std::string::npos)
    return invalid_argument("invalid containerPort: " + container_port);
  if (proto != "tcp" && proto != "udp" && proto != "sctp")
    return invalid_argument("invalid proto: " + proto);
  std::string key = container_port + "/" + proto;
  exposed[key] = json::object();
  bindings[key].push_back({{"HostIp", ip}, {"HostPort", host_port}});
  return {};
}

} // namespace

Result<void> add_network_options(const ParsedArgs& a, json& body) {
  json& hc = body["HostConfig"];
  json exposed = json::object(), bindings = json::object();
  for (const auto& spec : a.all("publish"))
    TRY_VOID(add_publish(spec, exposed, bindings));
  if (!exposed.empty()) {
    body["ExposedPorts"] = exposed;
    hc["PortBindings"] = bindings;
  }
  if (a.has("publish-all"))
    hc["PublishAllPorts"] = true;
  std::string network = a.has("network") ? a.last("network") : a.last("net", "default");
  hc["NetworkMode"] = network;
  for (auto [flag, key] : {std::pair{"dns", "Dns"},
                           {"dns-search", "DnsSearch"},
                           {"dns-option", "DnsOptions"},
                           {"add-host", "ExtraHosts"}})
    if (a.has(flag))
      hc[key] = a.all(flag);
  json endpoint = json::object();
  if (a.has("ip"))
    endpoint["IPAMConfig"] = {{"IPv4Address", a.last("ip")}};
  if (a.has("network-alias"))
    endpoint["Aliases"] = a.all("network-alias");
  body["NetworkingConfig"] = {{"EndpointsConfig", {{network, endpoint}}}};
  return {};
}

} // namespace mydocker::cli
