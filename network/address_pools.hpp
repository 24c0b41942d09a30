// Default address pools for networks created without --subnet, and for the default bridge
// when 172.17.0.0/16 is already used on the host (moby libnetwork/ipamutils defaults).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "network/ipv4_cidr.hpp"

namespace mydocker::network {

// 172.17.0.0/16 ... 172.31.0.0/16, then 192.168.0.0/16 split into /20s: 31 subnets, in order.
const std::vector<Ipv4Cidr>& default_address_pools();

// The first pool overlapping nothing in `taken` (the host's routes and addresses plus the
// subnets of existing networks). Default routes (/0) are ignored, as moby does: they overlap
// everything. Forbidden "all predefined address pools have been fully subnetted" when none.
Result<Ipv4Cidr> choose_free_pool(std::span<const Ipv4Cidr> taken,
                                  std::span<const Ipv4Cidr> pools = default_address_pools());

// The default bridge's address (gateway/prefix): `bip` when given (--bip always wins), else
// 172.17.0.1/16, else the first free pool's first host. `taken` as for choose_free_pool,
// without the bridge's own routes (claimed_subnets with its ifindex ignored).
Result<Ipv4Cidr> default_bridge_address(std::string_view bip, std::span<const Ipv4Cidr> taken);

} // namespace mydocker::network
