// --link NAME[:ALIAS] on the default bridge network (Docker's legacy links): at create each
// link is checked and stored as dockerd shows it, "/target:/this/alias"; at start a running
// target gives this container an /etc/hosts line (alias, hostname, name) and the environment
// Docker sets (ALIAS_NAME, ALIAS_PORT_80_TCP..., ALIAS_ENV_X). Containers on user networks
// get them as names their embedded DNS answers (place_links), as dockerd does.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/container/container_index.hpp"
#include "engine/container/container_record.hpp"

namespace mydocker::engine {

struct Link {
  std::string target; // its name, without '/'
  std::string alias;
};

// "name[:alias]" as the client sends it; the alias defaults to the name.
Link parse_link_request(const std::string& text);
// "/target:/this/alias" as stored; {} (empty target) when malformed.
Link parse_stored_link(const std::string& stored);

// Create: each link's target must exist (dockerd's 400); HostConfig.Links become the stored
// form with the target's own name.
Result<void> resolve_links(const ContainerIndex& index, const std::string& this_name,
                           std::vector<std::string>& links);
// Create, by NetworkMode: host and container:X refuse links (dockerd's texts); on a user
// network they move, as given, to that network's EndpointSettings.Links (names the embedded
// DNS answers for this container only); else resolve_links.
Result<void> place_links(const ContainerIndex& index, const std::string& this_name,
                         api::HostConfig& hc, api::NetworkingConfig& nc);

// What a running target contributes to the linking container.
struct LinkTarget {
  std::string name;                       // without '/'
  std::string hostname;                   // its Config.Hostname (the short ID by default)
  std::string ip;                         // on the default bridge; "" when it has none
  std::vector<std::string> exposed_ports; // "80/tcp"
  std::vector<std::string> env;           // its Config.Env
};

// Docker's link variables for `alias` of container `this_name` (links.go's order).
std::vector<std::string> link_env(const std::string& this_name, const std::string& alias,
                                  const LinkTarget& target);
// The --add-host form "alias hostname [name]:ip" of the /etc/hosts line; "" without an IP.
std::string link_hosts_entry(const std::string& alias, const LinkTarget& target);

// Start: every target must run (dockerd's 500 text); on the default bridge each adds its
// variables to `env` and its /etc/hosts line to `extra_hosts`.
Result<void> apply_links(const ContainerIndex& index, const ContainerRecord& r,
                         std::vector<std::string>& env, std::vector<std::string>& extra_hosts);

} // namespace mydocker::engine
