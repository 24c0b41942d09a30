// One factory per command file.
#pragma once

#include <vector>

#include "cli/command.hpp"

namespace mydocker::cli {

Command version_command();
Command info_command();
Command images_command();
Command import_command();
Command build_command(); // cmd_build.cpp
Command tag_command();
Command rmi_command();
Command ps_command();
Command run_command();
Command create_command();
Command logs_command();
Command exec_command();   // cmd_exec.cpp
Command top_command();    // cmd_top.cpp
Command attach_command(); // cli/cmd_attach.cpp
Command inspect_command();
Command container_inspect_command();
Command image_inspect_command();
std::vector<Command> container_verb_commands();
Command rename_command();
Command history_command();
Command container_prune_command();
// commit, export, save, load (cli/cmd_archives.cpp)
std::vector<Command> archive_commands();
Command image_prune_command();
Command pull_command();
Command push_command();
Command login_command();
Command logout_command();
Command history_command();
// volume create, ls, inspect, rm, prune (cli/cmd_volume.cpp)
std::vector<Command> volume_commands();
// network create, ls, inspect, rm, prune, connect, disconnect (cli/cmd_network.cpp)
std::vector<Command> network_commands();
Command port_command(); // cli/cmd_port.cpp
// cp (cli/cmd_cp.cpp); system df, system prune (cli/cmd_system.cpp)
Command cp_command();
std::vector<Command> system_commands();
// events, stats, update, diff (cli/cmd_events.cpp, cmd_stats.cpp, cmd_update.cpp, cmd_diff.cpp)
std::vector<Command> observe_commands();

} // namespace mydocker::cli
