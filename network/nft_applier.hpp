// Runs nft scripts in-process through libnftables (no `nft` binary on our hosts). Synchronous:
// call from a worker thread, never from the Asio reactor. Acts on the calling thread's
// network namespace.
#pragma once

#include <span>
#include <string>

#include "common/result.hpp"
#include "network/nat_plan.hpp"

namespace mydocker::network {

// Runs `script` as one nft transaction; the error carries nft's own message.
Result<void> run_nft_script(const std::string& script);
// Runs a command whose output we want, e.g. "list table ip mydocker".
Result<std::string> run_nft_query(const std::string& command);

// render_nat_script + run: (re)creates the daemon's table with exactly `rules`.
Result<void> install_nat_rules(const NatRules& rules);
// A container's published ports, added to the running table in one transaction (all or
// none: a port already published fails the batch with nft's "File exists" message).
Result<void> add_published_ports(std::span<const PublishedPort> ports);
// Removes them again; ports that are not there are skipped, so removal is idempotent.
Result<void> remove_published_ports(std::span<const PublishedPort> ports);
// Removes the daemon's table; fine when it is not there.
Result<void> remove_nat_rules();

} // namespace mydocker::network
