// -p/-P of one container start: HostConfig.PortBindings (and, with PublishAllPorts, the
// image's ExposedPorts) -> host ports checked free and the DNAT entries for them.
#pragma once

#include <string>
#include <vector>

#include "api/types/container_config.hpp"
#include "api/types/host_config.hpp"
#include "common/result.hpp"
#include "network/nat_plan.hpp"

namespace mydocker::engine {

struct PortPlan {
  api::PortMap published; // "80/tcp" -> [{"0.0.0.0","8080"}], random ports resolved
  std::vector<network::PublishedPort> nat;
};

// `endpoint` names the container in dockerd's "port is already allocated" text.
Result<PortPlan> plan_published_ports(const api::HostConfig& hc, const api::ContainerConfig& config,
                                      const std::array<std::uint8_t, 4>& container_ip,
                                      const std::string& endpoint);
// The DNAT entries of ports recorded earlier (exit, daemon restart).
std::vector<network::PublishedPort> nat_entries(const api::PortMap& published,
                                                const std::string& container_ip);

} // namespace mydocker::engine
