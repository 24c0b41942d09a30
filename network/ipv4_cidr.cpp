#include "network/ipv4_cidr.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace mydocker::network {
namespace {

std::uint32_t mask(int prefix) {
  return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
}

std::uint32_t to_host(const std::array<std::uint8_t, 4>& a) {
  return ipv4_to_u32(a);
}

std::array<std::uint8_t, 4> from_host(std::uint32_t v) {
  return ipv4_from_u32(v);
}

} // namespace

std::uint32_t ipv4_to_u32(const std::array<std::uint8_t, 4>& a) {
  return (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) |
         a[3];
}

std::array<std::uint8_t, 4> ipv4_from_u32(std::uint32_t v) {
  return {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8), std::uint8_t(v)};
}

Result<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text) {
  std::string copy(text);
  std::array<std::uint8_t, 4> out{};
  if (::inet_pton(AF_INET, copy.c_str(), out.data()) != 1)
    return invalid_argument("invalid IPv4 address: " + copy);
  return out;
}

// Go's net.ParseCIDR wording, which dockerd reports for a bad --bip.
Result<Ipv4Cidr> Ipv4Cidr::parse(std::string_view text) {
  auto bad = [&] { return invalid_argument("invalid CIDR address: " + std::string(text)); };
  auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return bad();
  std::string host(text.substr(0, slash));
  std::string_view len = text.substr(slash + 1);
  Ipv4Cidr out;
  if (::inet_pton(AF_INET, host.c_str(), out.address.data()) != 1)
    return bad();
  auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), out.prefix);
  if (len.empty() || ec != std::errc() || end != len.data() + len.size() || out.prefix < 0 ||
      out.prefix > 32)
    return bad();
  return out;
}

std::array<std::uint8_t, 4> Ipv4Cidr::network() const {
  return from_host(to_host(address) & mask(prefix));
}

std::array<std::uint8_t, 4> Ipv4Cidr::broadcast() const {
  return from_host(to_host(address) | ~mask(prefix));
}

Ipv4Cidr Ipv4Cidr::masked() const {
  return Ipv4Cidr{network(), prefix};
}

bool Ipv4Cidr::contains(const std::array<std::uint8_t, 4>& a) const {
  return (to_host(a) & mask(prefix)) == to_host(network());
}

bool Ipv4Cidr::overlaps(const Ipv4Cidr& other) const {
  // Two prefixes overlap exactly when the shorter one contains the other's network.
  return prefix <= other.prefix ? contains(other.address) : other.contains(address);
}

std::string Ipv4Cidr::to_string() const {
  return ipv4_to_string(address) + "/" + std::to_string(prefix);
}

std::string ipv4_to_string(const std::array<std::uint8_t, 4>& a) {
  return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
         std::to_string(a[3]);
}

} // namespace mydocker::network
