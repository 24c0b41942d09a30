// The daemon's nftables rules (design.md §5.1: pure plan, thin applier in nft_applier.hpp).
// Everything lives in one table of our own (`table ip mydocker`), so other firewall users
// never see their rules changed; the script replaces the whole table in one transaction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "network/ipv4_cidr.hpp"

namespace mydocker::network {

inline constexpr std::string_view nft_table_name = "mydocker";

enum class Protocol { Tcp, Udp };

// One bridge network: masquerade for its subnet leaving it, isolation from other bridges.
struct BridgeRules {
  std::string bridge;    // link name, e.g. "mydocker0"
  Ipv4Cidr subnet;       // e.g. 172.17.0.0/16
  bool internal = false; // --internal: no traffic in or out of the bridge, no NAT
};

// `-p [host_ip:]host_port:container_port[/proto]` of one running container.
struct PublishedPort {
  Protocol protocol = Protocol::Tcp;
  std::optional<std::array<std::uint8_t, 4>> host_ip; // none: every local address
  std::uint16_t host_port = 0;
  std::array<std::uint8_t, 4> container_ip{};
  std::uint16_t container_port = 0;
};

struct NatRules {
  std::vector<BridgeRules> bridges;
  std::vector<PublishedPort> ports;
};

// nft script that (re)creates the table with exactly `rules`: idempotent, so the daemon runs
// it at start and when networks change. InvalidArgument for a bridge name nft cannot quote.
Result<std::string> render_nat_script(const NatRules& rules,
                                      std::string_view table = nft_table_name);
// Adds published ports to the running table (container start): one batch, all or nothing.
std::string render_port_additions(std::span<const PublishedPort> ports,
                                  std::string_view table = nft_table_name);
// Deletes one published port (container stop). nft fails when it is not there.
std::string render_port_removal(const PublishedPort& port, std::string_view table = nft_table_name);
// nft script removing the table; succeeds when it does not exist.
std::string render_nat_removal(std::string_view table = nft_table_name);

} // namespace mydocker::network
