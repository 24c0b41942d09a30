// docker's management commands: `container ls|run|rm|...` and `image ls|rm|tag|...` are the
// top-level commands under other names (docker's aliases), plus `container inspect`,
// `container prune` and `image inspect` of their own.
#pragma once

#include <string>
#include <vector>

#include "cli/command.hpp"

namespace mydocker::cli {

struct ManagementGroup {
  std::string name;        // "container"
  std::string description; // "Manage containers"
};

const std::vector<ManagementGroup>& management_groups();

// "container ls" -> the command it runs ("ps"); nullptr if unknown.
const Command* resolve_management(const std::string& group, const std::string& sub);

// Every way to invoke the same command, in docker's order ("container ls, container list,
// container ps, ps"); empty when there is only one.
std::vector<std::string> aliases_of(const std::string& invoked);

// `mydocker container [--help]`: the group's usage and subcommands.
void print_group_help(const ManagementGroup& group);

} // namespace mydocker::cli
