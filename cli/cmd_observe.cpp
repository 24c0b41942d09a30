// The observation commands' table entry: events, stats, update, diff.
#include "cli/commands.hpp"

namespace mydocker::cli {

Command events_command();
Command stats_command();
Command update_command();
Command diff_command();

std::vector<Command> observe_commands() {
  return {events_command(), stats_command(), update_command(), diff_command()};
}

} // namespace mydocker::cli
