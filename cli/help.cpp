#include <algorithm>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/management.hpp"

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

namespace {

// cobra's command column: the name padded to 11, then a space.
void print_command_line(const std::string& name, const std::string& text) {
  std::cout << "  " << name << std::string(name.size() < 11 ? 11 - name.size() : 0, ' ') << " "
            << text << "\n";
}

} // namespace

void print_main_help() {
  std::cout << "Usage:  mydocker [OPTIONS] COMMAND\n\n"
               "A self-sufficient runtime for containers (Docker-compatible)\n\n"
               "Common Commands:\n";
  // docker's order; the rest are listed alphabetically under "Commands".
  const std::vector<std::string> common = {"run", "exec", "ps", "images", "version", "info"};
  for (const auto& name : common)
    if (const Command* c = find_command(name))
      print_command_line(name, c->spec.description);
  std::cout << "\nManagement Commands:\n";
  for (const auto& g : management_groups())
    print_command_line(g.name, g.description);
  std::vector<const CommandSpec*> rest;
  for (const auto& c : commands())
    if (c.spec.name.find(' ') == std::string::npos &&
        std::find(common.begin(), common.end(), c.spec.name) == common.end())
      rest.push_back(&c.spec);
  std::sort(rest.begin(), rest.end(), [](auto* a, auto* b) { return a->name < b->name; });
  std::cout << "\nCommands:\n";
  for (auto* s : rest)
    print_command_line(s->name, s->description);
  std::cout << "\nGlobal Options:\n";
  print_option_table({{"-D, --debug", "Enable debug mode"},
                      {"-H, --host string", "Daemon socket to connect to"},
                      {"-v, --version", "Print version information and quit"}});
  std::cout << "\nRun 'mydocker COMMAND --help' for more information on a command.\n";
}

void print_command_help(const CommandSpec& spec) {
  std::cout << "Usage:  mydocker " << spec.name << (spec.usage.empty() ? "" : " " + spec.usage)
            << "\n\n"
            << spec.description << "\n";
  if (auto aliases = aliases_of(spec.name); !aliases.empty()) {
    std::string line;
    for (const auto& a : aliases)
      line += (line.empty() ? "mydocker " : ", mydocker ") + a;
    std::cout << "\nAliases:\n  " << line << "\n";
  }
  if (!spec.options.empty()) {
    std::cout << "\nOptions:\n";
    print_option_table(spec.options);
  }
}

bool wants_help(const CommandSpec& spec, const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      print_command_help(spec);
      return true;
    }
  return false;
}

namespace {
std::string usage_line(const CommandSpec& spec) {
  return "mydocker " + spec.name + (spec.usage.empty() ? "" : " " + spec.usage);
}
} // namespace

int usage_error(const CommandSpec& spec, const std::string& message) {
  std::cerr << message << "\n\nUsage:  " << usage_line(spec) << "\n\nRun 'mydocker " << spec.name
            << " --help' for more information\n";
  return 125;
}

int arg_count_error(const CommandSpec& spec, size_t min_args, size_t max_args) {
  auto plural = [](size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
  std::string what, next = "See";
  if (max_args == 0) {
    what = "accepts no arguments";
    next = "Run";
  } else if (min_args == max_args) {
    what = "requires " + plural(min_args);
    next = "Run";
  } else if (min_args == 0) {
    what = "requires at most " + plural(max_args);
  } else if (max_args == std::numeric_limits<size_t>::max()) {
    what = "requires at least " + plural(min_args);
  } else {
    what = "requires at least " + std::to_string(min_args) + " and at most " + plural(max_args);
  }
  std::cerr << "mydocker: 'mydocker " << spec.name << "' " << what
            << "\n\nUsage:  " << usage_line(spec) << "\n\n"
            << next << " 'mydocker " << spec.name << " --help' for more information\n";
  return 1;
}

} // namespace mydocker::cli
