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
  for (const auto& p : rules.ports)
    TRY_VOID(check(p.bridge));
  return {};
}

// DNAT for published ports; entered from prerouting (other hosts, containers) and output
// (the host itself, including 127.0.0.1) for packets addressed to this host.
std::string published_chain(const NatRules& rules) {
  std::string out = "\tchain published {\n";
  for (const auto& p : rules.ports) {
    out += "\t\t";
    if (p.host_ip)
      out += "ip daddr " + ipv4_to_string(*p.host_ip) + " ";
    out += std::string(protocol_name(p.protocol)) + " dport " + std::to_string(p.host_port) +
           " dnat to " + ipv4_to_string(p.container_ip) + ":" + std::to_string(p.container_port) +
           "\n";
  }
  return out + "\t}\n";
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
    if (!b.internal)
      out += "\t\tip saddr " + b.subnet.masked().to_string() + " oifname != " + quoted(b.bridge) +
             " masquerade\n";
  }
  for (const auto& p : rules.ports) {
    auto ip = ipv4_to_string(p.container_ip);
    // Hairpin: a container reaching its own published port must see the answer come back.
    out += "\t\tip saddr " + ip + " ip daddr " + ip + " " + protocol_name(p.protocol) + " dport " +
           std::to_string(p.container_port) + " masquerade\n";
  }
  for (const auto& b : rules.bridges) {
    // 127.0.0.1:PORT on the host: DNAT keeps the loopback source, which the container
    // cannot answer; rewrite it to the bridge address (needs route_localnet on the bridge).
    if (!b.internal && !rules.ports.empty())
      out += "\t\tip saddr 127.0.0.0/8 oifname " + quoted(b.bridge) + " masquerade\n";
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
  for (const auto& b : rules.bridges)
    out += "\t\toifname " + quoted(b.bridge) + " ct state established,related accept\n";
  for (const auto& p : rules.ports)
    out += "\t\toifname " + quoted(p.bridge) + " ip daddr " + ipv4_to_string(p.container_ip) + " " +
           protocol_name(p.protocol) + " dport " + std::to_string(p.container_port) + " accept\n";
  for (const auto& b : rules.bridges)
    out += "\t\tiifname " + quoted(b.bridge) + " accept\n";
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
  out += published_chain(rules);
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
