#include "network/default_bridge.hpp"

#include <net/if.h>

#include "common/log.hpp"
#include "network/address_pools.hpp"
#include "network/bridge.hpp"
#include "network/host_routes.hpp"

namespace mydocker::network {

Result<std::string> choose_default_bridge_cidr(const std::string& bridge, const std::string& bip) {
  if (!bip.empty())
    return TRY(Ipv4Cidr::parse(bip)).to_string();
  auto routes = TRY(list_host_routes());
  std::vector<int> own;
  if (unsigned index = ::if_nametoindex(bridge.c_str()); index != 0)
    own.push_back(static_cast<int>(index));
  auto taken = claimed_subnets(routes, own);
  auto chosen = TRY(default_bridge_address("", taken)).to_string();
  if (chosen != default_bridge_cidr)
    log::info(std::string("default bridge subnet ") + std::string(default_bridge_cidr) +
              " overlaps a host route: using " + chosen);
  return chosen;
}

} // namespace mydocker::network
