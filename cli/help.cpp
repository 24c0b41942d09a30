#include <algorithm>
#include <iostream>
#include <map>

#include "cli/command.hpp"

namespace mydocker::cli {

namespace {

void print_option_table(const std::vector<OptionHelp>& options) {
  size_t width = 0;
  for (const auto& o : options)
    width = std::max(width, o.flags.size());
  for (const auto& o : options) {
    std::string text = o.text; // continuation lines start under the first one, as docker's do
    for (size_t nl = 0; (nl = text.find('\n', nl)) != std::string::npos; nl += width + 6)
      text.insert(nl + 1, std::string(width + 5, ' '));
    std::cout << "  " << o.flags << std::string(width - o.flags.size() + 3, ' ') << text << "\n";
  }
}

} // namespace

void print_main_help() {
  std::cout << "\nUsage:  mydocker [OPTIONS] COMMAND\n\n"
               "A self-sufficient runtime for containers (Docker-compatible)\n";
  std::map<std::string, std::vector<const CommandSpec*>> groups;
  for (const auto& c : commands())
    groups[c.spec.group].push_back(&c.spec);
  for (const auto& [group, specs] : groups) {
    std::cout << "\n" << group << ":\n";
    size_t width = 0;
    for (auto* s : specs)
      width = std::max(width, s->name.size());
    for (auto* s : specs)
      std::cout << "  " << s->name << std::string(width - s->name.size() + 3, ' ') << s->description
                << "\n";
  }
  std::cout << "\nGlobal Options:\n";
  print_option_table({{"-D, --debug", "Enable debug mode"},
                      {"-H, --host string", "Daemon socket to connect to"},
                      {"-v, --version", "Print version information and quit"}});
  std::cout << "\nRun 'mydocker COMMAND --help' for more information on a command.\n";
}

void print_command_help(const CommandSpec& spec) {
  std::cout << "\nUsage:  mydocker " << spec.name << (spec.usage.empty() ? "" : " " + spec.usage)
            << "\n\n"
            << spec.description << "\n";
  std::vector<OptionHelp> options = spec.options;
  options.push_back({"--help", "Print usage"});
  std::cout << "\nOptions:\n";
  print_option_table(options);
}

bool wants_help(const CommandSpec& spec, const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      print_command_help(spec);
      return true;
    }
  return false;
}

int usage_error(const CommandSpec& spec, const std::string& message) {
  std::cerr << message << "\nSee 'mydocker " << spec.name << " --help'.\n";
  return 1;
}

} // namespace mydocker::cli
