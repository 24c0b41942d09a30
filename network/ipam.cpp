#include "network/ipam.hpp"

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"

namespace mydocker::network {
namespace {

std::uint32_t first_host(const Ipv4Cidr& subnet) {
  return ipv4_to_u32(subnet.network()) + 1;
}

std::uint32_t last_host(const Ipv4Cidr& subnet) {
  return ipv4_to_u32(subnet.broadcast()) - 1;
}

Result<Ipv4Cidr> parse_subnet(std::string_view text) {
  auto subnet = TRY(Ipv4Cidr::parse(text));
  if (subnet.masked() != subnet)
    return invalid_argument("invalid subnet " + std::string(text) + ": it should be " +
                            subnet.masked().to_string());
  if (subnet.prefix > 30)
    return invalid_argument("invalid subnet " + std::string(text) +
                            ": no room for a gateway and a container");
  return subnet;
}

} // namespace

Result<SubnetAllocator> SubnetAllocator::create(std::string_view subnet_text,
                                                std::string_view gateway_text) {
  auto subnet = TRY(parse_subnet(subnet_text));
  Ipv4Address gateway = ipv4_from_u32(first_host(subnet));
  if (!gateway_text.empty()) {
    gateway = TRY(parse_ipv4(gateway_text));
    auto g = ipv4_to_u32(gateway);
    if (!subnet.contains(gateway) || g < first_host(subnet) || g > last_host(subnet))
      return invalid_argument("no matching subnet for gateway " + std::string(gateway_text));
  }
  return SubnetAllocator(subnet, gateway);
}

bool SubnetAllocator::is_host_address(std::uint32_t address) const {
  return address >= first_host(m_subnet) && address <= last_host(m_subnet);
}

Result<Ipv4Cidr> SubnetAllocator::allocate() {
  auto gateway = ipv4_to_u32(m_gateway);
  // Lowest free address, as moby's default (non-serial) allocation.
  for (std::uint32_t a = first_host(m_subnet); a <= last_host(m_subnet); ++a) {
    if (a == gateway || m_allocated.count(a))
      continue;
    m_allocated.insert(a);
    return Ipv4Cidr{ipv4_from_u32(a), m_subnet.prefix};
  }
  return make_error(Errc::Unavailable, "no available addresses on this pool");
}

Result<Ipv4Cidr> SubnetAllocator::reserve(std::string_view text) {
  auto address = TRY(parse_ipv4(text));
  auto a = ipv4_to_u32(address);
  if (!m_subnet.contains(address) || !is_host_address(a))
    return invalid_argument("no configured subnet or ip-range contain the IP address " +
                            std::string(text));
  if (address == m_gateway || !m_allocated.insert(a).second)
    return make_error(Errc::Forbidden, "Address already in use");
  return Ipv4Cidr{address, m_subnet.prefix};
}

void SubnetAllocator::release(const Ipv4Address& address) {
  m_allocated.erase(ipv4_to_u32(address));
}

bool SubnetAllocator::in_use(const Ipv4Address& address) const {
  return address == m_gateway || m_allocated.count(ipv4_to_u32(address)) > 0;
}

std::string SubnetAllocator::serialize() const {
  nlohmann::json allocated = nlohmann::json::array();
  for (auto a : m_allocated)
    allocated.push_back(ipv4_to_string(ipv4_from_u32(a)));
  nlohmann::json out = {{"Subnet", m_subnet.to_string()},
                        {"Gateway", ipv4_to_string(m_gateway)},
                        {"Allocated", allocated}};
  return out.dump();
}

Result<SubnetAllocator> SubnetAllocator::deserialize(std::string_view text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json["Subnet"].is_string() ||
      !json["Gateway"].is_string() || !json["Allocated"].is_array())
    return internal_error("ipam state: malformed JSON");
  auto made = create(json["Subnet"].get<std::string>(), json["Gateway"].get<std::string>());
  if (!made) // a stored state that no longer parses is our bug, not the user's
    return internal_error("ipam state: " + made.error().message);
  auto allocator = std::move(*made);
  for (const auto& entry : json["Allocated"]) {
    if (!entry.is_string() || !allocator.reserve(entry.get<std::string>()))
      return internal_error("ipam state: bad allocated address " + entry.dump());
  }
  return allocator;
}

Result<void> save_allocator(const std::string& path, const SubnetAllocator& allocator) {
  return write_file_atomic(path, allocator.serialize(), 0600);
}

Result<SubnetAllocator> load_allocator(const std::string& path) {
  auto text = TRY(read_file(path));
  return SubnetAllocator::deserialize(text);
}

} // namespace mydocker::network
