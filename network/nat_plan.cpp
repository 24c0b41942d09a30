#include "network/nat_plan.hpp"

#include "network/bridge.hpp"

namespace mydocker::network {
namespace {

std::string quoted(const std::string& name) {
  return "\"" + name + "\"";
}

const char* protocol_name(Protocol p) {
  return p == Protocol::Tcp ? "tcp" : "udp";
}

Result<void> check_names(const NatRules& rules) {
  auto check = [](const std::string& name) -> Result<void> {
    TRY_VOID(validate_link_name(name));
    if (name.find_first_of("\"\\") != std::string::npos)
      return invalid_argument("invalid bridge name: \"" + name + "\"");
    return {};
  };
  for (const auto& b : rules.bridges)
    TRY_VOID(check(b.bridge));
  return {};
}

// "tcp . 8080 : 172.17.0.2 . 80", or with the host address first for `-p IP:...`.
std::string map_key(const PublishedPort& p) {
  std::string key = p.host_ip ? ipv4_to_string(*p.host_ip) + " . " : "";
  return key + protocol_name(p.protocol) + " . " + std::to_string(p.host_port);
}

std::string map_element(const PublishedPort& p) {
  return map_key(p) + " : " + ipv4_to_string(p.container_ip) + " . " +
         std::to_string(p.container_port);
}

const char* map_for(const PublishedPort& p) {
  return p.host_ip ? "ports_on_ip" : "ports_any_ip";
}

// Published ports live in two maps, so a container start or stop only adds or deletes map
// elements (a fraction of a millisecond) instead of rebuilding the table.
std::string port_maps(const NatRules& rules) {
  std::string any, on_ip;
  for (const auto& p : rules.ports) {
    std::string& list = p.host_ip ? on_ip : any;
    list += (list.empty() ? "" : ", ") + map_element(p);
  }
  auto elements = [](const std::string& list) {
    return list.empty() ? std::string() : "\t\telements = { " + list + " }\n";
  };
  return "\tmap ports_any_ip {\n\t\ttype inet_proto . inet_service : ipv4_addr . inet_service\n" +
         elements(any) + "\t}\n\tmap ports_on_ip {\n\t\ttype ipv4_addr . inet_proto . " +
         "inet_service : ipv4_addr . inet_service\n" + elements(on_ip) + "\t}\n";
}

// DNAT for packets addressed to this host; entered from prerouting (other hosts, containers)
// and output (the host itself, 127.0.0.1 included). A specific host address wins.
std::string published_chain() {
  return "\tchain published {\n"
         "\t\tdnat ip to ip daddr . meta l4proto . th dport map @ports_on_ip\n"
         "\t\tdnat ip to meta l4proto . th dport map @ports_any_ip\n"
         "\t}\n";
}

// `priority` is spelled -100 (dstnat's value): nft accepts the name only on prerouting.
std::string nat_entry_chain(const char* name) {
  return std::string("\tchain ") + name + " {\n\t\ttype nat hook " + name +
         " priority -100; policy accept;\n\t\tfib daddr type local jump published\n\t}\n";
}

std::string postrouting_chain(const NatRules& rules) {
  std::string out = "\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; "
                    "policy accept;\n";
  for (const auto& b : rules.bridges) {
    if (b.internal)
      continue;
    auto br = quoted(b.bridge);
    out += "\t\tip saddr " + b.subnet.masked().to_string() + " oifname != " + br + " masquerade\n";
    // Hairpin: a container reaching a published port of its own bridge must see the answer
    // come back through the host.
    out += "\t\tct status dnat iifname " + br + " oifname " + br + " masquerade\n";
    // 127.0.0.1:PORT on the host: DNAT keeps the loopback source, which the container
    // cannot answer; rewrite it to the bridge address (needs route_localnet on the bridge).
    out += "\t\tip saddr 127.0.0.0/8 oifname " + br + " masquerade\n";
  }
  return out + "\t}\n";
}

std::string isolation_rules(const NatRules& rules) {
  std::string out;
  for (const auto& a : rules.bridges) {
    for (const auto& b : rules.bridges) {
      if (a.bridge != b.bridge)
        out += "\t\tiifname " + quoted(a.bridge) + " oifname " + quoted(b.bridge) + " drop\n";
    }
    if (a.internal)
      out += "\t\tiifname " + quoted(a.bridge) + " oifname != " + quoted(a.bridge) +
             " drop\n\t\toifname " + quoted(a.bridge) + " iifname != " + quoted(a.bridge) +
             " drop\n";
  }
  return out;
}

std::string forward_chain(const NatRules& rules) {
  std::string out = "\tchain forward {\n\t\ttype filter hook forward priority filter; "
                    "policy accept;\n" +
                    isolation_rules(rules);
  for (const auto& b : rules.bridges) {
    auto br = quoted(b.bridge);
    out += "\t\toifname " + br + " ct state established,related accept\n";
    out += "\t\toifname " + br + " ct status dnat accept\n"; // published ports
    out += "\t\tiifname " + br + " accept\n";
  }
  return out + "\t}\n";
}

} // namespace

Result<std::string> render_nat_script(const NatRules& rules, std::string_view table) {
  TRY_VOID(check_names(rules));
  std::string name(table);
  // add + delete + define in one batch: the kernel swaps the table atomically, whether or
  // not it existed, so a restart never leaves a moment without rules or duplicate rules.
  std::string out = "add table ip " + name + "\ndelete table ip " + name + "\n";
  out += "table ip " + name + " {\n";
  out += port_maps(rules);
  out += published_chain();
  out += nat_entry_chain("prerouting");
  out += nat_entry_chain("output");
  out += postrouting_chain(rules);
  out += forward_chain(rules);
  return out + "}\n";
}

std::string render_nat_removal(std::string_view table) {
  std::string name(table);
  return "add table ip " + name + "\ndelete table ip " + name + "\n";
}

} // namespace mydocker::network

namespace mydocker::network {

std::string render_port_additions(std::span<const PublishedPort> ports, std::string_view table) {
  std::string out;
  for (const auto& p : ports)
    out +=
        "add element ip " + std::string(table) + " " + map_for(p) + " { " + map_element(p) + " }\n";
  return out;
}

std::string render_port_removal(const PublishedPort& port, std::string_view table) {
  return "delete element ip " + std::string(table) + " " + map_for(port) + " { " + map_key(port) +
         " }\n";
}

} // namespace mydocker::network
