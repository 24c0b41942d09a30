// Contents of the per-container /etc/hosts and /etc/resolv.conf, as Docker writes them:
// --add-host lines after the defaults; --dns, --dns-search and --dns-option replace the
// host's nameservers, search domains and options.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::engine {

// ExtraHosts entries are "name:ip" (the IP may itself hold colons); each becomes "ip\tname".
Result<std::string> hosts_file_content(const std::vector<std::string>& extra_hosts);

struct DnsSettings {
  std::vector<std::string> servers;
  std::vector<std::string> search;
  std::vector<std::string> options;
};

// host_resolv is the host's resolv.conf text; loopback resolvers are dropped (unreachable
// from the container's network namespace) and Google's used when none is left.
std::string resolv_conf_content(const std::string& host_resolv, const DnsSettings& dns);

} // namespace mydocker::engine
