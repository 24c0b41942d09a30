// IPv4 address with prefix length ("172.17.0.1/16"), as taken by --bip and IPAM.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::network {

struct Ipv4Cidr {
  std::array<std::uint8_t, 4> address{}; // network byte order
  int prefix = 0;

  static Result<Ipv4Cidr> parse(std::string_view text);
  std::array<std::uint8_t, 4> network() const;
  std::array<std::uint8_t, 4> broadcast() const;
  std::string to_string() const;
  // Same address with the host bits cleared ("10.9.0.5/24" -> "10.9.0.0/24").
  Ipv4Cidr masked() const;
  bool contains(const std::array<std::uint8_t, 4>& address) const;
  // True when the two ranges share at least one address.
  bool overlaps(const Ipv4Cidr& other) const;
  bool operator==(const Ipv4Cidr&) const = default;
};

// Host-order integer view of an address, for arithmetic (IPAM, pools).
std::uint32_t ipv4_to_u32(const std::array<std::uint8_t, 4>& address);
std::array<std::uint8_t, 4> ipv4_from_u32(std::uint32_t value);
// Dotted quad without a prefix; InvalidArgument in Go's net.ParseIP spirit.
Result<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text);

std::string ipv4_to_string(const std::array<std::uint8_t, 4>& address);

} // namespace mydocker::network
