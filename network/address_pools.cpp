#include "network/address_pools.hpp"

#include <algorithm>

namespace mydocker::network {
namespace {

// Splits `base` into consecutive subnets of length `prefix`.
void split_into(std::vector<Ipv4Cidr>& out, const Ipv4Cidr& base, int prefix) {
  std::uint32_t step = std::uint32_t{1} << (32 - prefix);
  std::uint32_t first = ipv4_to_u32(base.network());
  std::uint32_t count = std::uint32_t{1} << (prefix - base.prefix);
  for (std::uint32_t i = 0; i < count; ++i)
    out.push_back(Ipv4Cidr{ipv4_from_u32(first + i * step), prefix});
}

std::vector<Ipv4Cidr> make_default_pools() {
  std::vector<Ipv4Cidr> pools;
  split_into(pools, Ipv4Cidr{{172, 17, 0, 0}, 16}, 16);
  split_into(pools, Ipv4Cidr{{172, 18, 0, 0}, 16}, 16);
  split_into(pools, Ipv4Cidr{{172, 19, 0, 0}, 16}, 16);
  split_into(pools, Ipv4Cidr{{172, 20, 0, 0}, 14}, 16);
  split_into(pools, Ipv4Cidr{{172, 24, 0, 0}, 14}, 16);
  split_into(pools, Ipv4Cidr{{172, 28, 0, 0}, 14}, 16);
  split_into(pools, Ipv4Cidr{{192, 168, 0, 0}, 16}, 20);
  return pools;
}

} // namespace

const std::vector<Ipv4Cidr>& default_address_pools() {
  static const std::vector<Ipv4Cidr> pools = make_default_pools();
  return pools;
}

Result<Ipv4Cidr> choose_free_pool(std::span<const Ipv4Cidr> taken,
                                  std::span<const Ipv4Cidr> pools) {
  for (const auto& pool : pools) {
    bool clashes = std::any_of(taken.begin(), taken.end(), [&](const Ipv4Cidr& used) {
      return used.prefix > 0 && used.overlaps(pool);
    });
    if (!clashes)
      return pool;
  }
  return make_error(Errc::Forbidden, "all predefined address pools have been fully subnetted");
}

} // namespace mydocker::network

namespace mydocker::network {

Result<Ipv4Cidr> default_bridge_address(std::string_view bip, std::span<const Ipv4Cidr> taken) {
  if (!bip.empty())
    return Ipv4Cidr::parse(bip);
  auto pool = TRY(choose_free_pool(taken));
  return Ipv4Cidr{ipv4_from_u32(ipv4_to_u32(pool.network()) + 1), pool.prefix};
}

} // namespace mydocker::network
