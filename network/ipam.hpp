// IPAM for one bridge network: hands out host addresses of a subnet (design.md §5.1: pure).
// The gateway is reserved, the network and broadcast addresses are never handed out. State
// serialises to JSON so allocations survive daemon restarts (the caller stores it atomically).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "network/ipv4_cidr.hpp"

namespace mydocker::network {

using Ipv4Address = std::array<std::uint8_t, 4>;

class SubnetAllocator {
public:
  // `subnet` without host bits ("10.9.0.0/24"), prefix at most /30; `gateway` empty = the
  // first host address. Errors are InvalidArgument in dockerd's words.
  static Result<SubnetAllocator> create(std::string_view subnet, std::string_view gateway = {});

  const Ipv4Cidr& subnet() const { return m_subnet; }
  const Ipv4Address& gateway() const { return m_gateway; }
  // The gateway with the subnet's prefix, as assigned to the bridge ("10.9.0.1/24").
  Ipv4Cidr gateway_cidr() const { return Ipv4Cidr{m_gateway, m_subnet.prefix}; }

  // Lowest free host address, with the subnet's prefix. Unavailable when exhausted.
  Result<Ipv4Cidr> allocate();
  // A fixed address (`--ip`): InvalidArgument outside the subnet, Forbidden when taken.
  Result<Ipv4Cidr> reserve(std::string_view address);
  // Gives an address back; unknown addresses are ignored (release is idempotent).
  void release(const Ipv4Address& address);
  bool in_use(const Ipv4Address& address) const;
  std::size_t allocated_count() const { return m_allocated.size(); }

  // {"Subnet":"10.9.0.0/24","Gateway":"10.9.0.1","Allocated":["10.9.0.2"]}
  std::string serialize() const;
  static Result<SubnetAllocator> deserialize(std::string_view json);

private:
  SubnetAllocator(Ipv4Cidr subnet, Ipv4Address gateway) : m_subnet(subnet), m_gateway(gateway) {}
  bool is_host_address(std::uint32_t address) const;

  Ipv4Cidr m_subnet;
  Ipv4Address m_gateway{};
  std::set<std::uint32_t> m_allocated; // host order, gateway excluded
};

// Atomic store of one allocator (common/atomic_file): the file is either old or new state.
Result<void> save_allocator(const std::string& path, const SubnetAllocator& allocator);
Result<SubnetAllocator> load_allocator(const std::string& path);

} // namespace mydocker::network
