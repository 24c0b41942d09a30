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
  bool operator==(const Ipv4Cidr&) const = default;
};

std::string ipv4_to_string(const std::array<std::uint8_t, 4>& address);

} // namespace mydocker::network
