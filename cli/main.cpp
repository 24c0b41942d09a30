// mydocker: the docker-compatible command line client.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/management.hpp"

using namespace mydocker::cli;

namespace {

// Global options stop at the first word that is not one (the command name).
int parse_globals(int argc, char** argv, GlobalOptions& globals, int& index) {
  for (index = 1; index < argc; ++index) {
    std::string arg = argv[index];
    if (arg == "-H" || arg == "--host") {
      if (index + 1 >= argc) {
        std::cerr << "flag needs an argument: " << arg << "\nSee 'mydocker --help'.\n";
        return 125;
      }
      globals.host = argv[++index];
    } else if (arg.rfind("--host=", 0) == 0) {
      globals.host = arg.substr(7);
    } else if (arg.rfind("-H", 0) == 0 && arg.size() > 2) {
      globals.host = arg.substr(2);
    } else if (arg == "-D" || arg == "--debug") {
      globals.debug = true;
    } else if (arg == "-v" || arg == "--version") {
      std::cout << "mydocker version " << MYDOCKER_VERSION << "\n";
      return 0;
    } else if (arg == "-h" || arg == "--help") {
      print_main_help();
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "unknown flag: " << arg << "\nSee 'mydocker --help'.\n";
      return 125;
    } else {
      return -1; // the command
    }
  }
  return -1;
}

// `mydocker container ls ...`: the command a management group's subcommand runs (index
// then points at the subcommand); >= 0 when the group's help or an error ends the run.
int resolve_group(int argc, char** argv, int& index, const Command** command,
                  std::string* invoked_as) {
  std::string name = argv[index];
  for (const auto& group : management_groups()) {
    if (name != group.name)
      continue;
    std::string sub = index + 1 < argc ? argv[index + 1] : "";
    if (sub.empty() || sub == "--help" || sub == "-h") {
      print_group_help(group);
      return 0;
    }
    *command = resolve_management(group.name, sub);
    if (!*command) {
      std::cerr << "mydocker: unknown command: mydocker " << name << " " << sub
                << "\n\nUsage:  mydocker " << name << "\n\nRun 'mydocker " << name
                << " --help' for more information\n";
      return 1;
    }
    *invoked_as = name + " " + sub;
    ++index;
  }
  return -1;
}

} // namespace

int main(int argc, char** argv) {
  GlobalOptions globals;
  int index = 0;
  if (int done = parse_globals(argc, argv, globals, index); done >= 0)
    return done;
  if (index >= argc) {
    print_main_help();
    return 0;
  }
  std::string name = argv[index];
  if (name == "help") {
    print_main_help();
    return 0;
  }
  const Command* command = find_command(name);
  std::string invoked_as;
  if (int done = resolve_group(argc, argv, index, &command, &invoked_as); done >= 0)
    return done;
  if (!command) {
    std::cerr << "mydocker: '" << name << "' is not a mydocker command.\nSee 'mydocker --help'\n";
    return 1;
  }
  Invocation invocation(globals, std::vector<std::string>(argv + index + 1, argv + argc));
  if (!invoked_as.empty())
    invocation.set_invoked_as(invoked_as);
  return command->run(invocation);
}
