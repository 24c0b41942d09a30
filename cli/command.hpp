// The command table of `mydocker`: each command in its own file registers here.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/client/client.hpp"

namespace mydocker::cli {

struct GlobalOptions {
  std::string host; // -H/--host, resolved with DOCKER_HOST
  bool debug = false;
};

struct OptionHelp {
  std::string flags; // "-f, --format string"
  std::string text;
};

struct CommandSpec {
  std::string name;
  std::string usage; // after "mydocker NAME": "[OPTIONS]"
  std::string description;
  std::vector<OptionHelp> options;
  std::string group; // "Common Commands", "Management Commands", ...
};

class Invocation {
public:
  Invocation(GlobalOptions globals, std::vector<std::string> args)
      : m_globals(std::move(globals)), m_args(std::move(args)) {}
  const std::vector<std::string>& args() const { return m_args; }
  // The name the user typed when it differs from the command's own ("container ls" for ps):
  // help and usage errors show it, as docker's do.
  const std::string& invoked_as() const { return m_invoked_as; }
  void set_invoked_as(std::string name) { m_invoked_as = std::move(name); }
  CommandSpec shown_spec(const CommandSpec& spec) const;
  const GlobalOptions& globals() const { return m_globals; }
  // Connects and negotiates on first use; prints the error and returns nullptr on failure.
  client::Client* client();

private:
  GlobalOptions m_globals;
  std::vector<std::string> m_args;
  std::string m_invoked_as;
  std::optional<client::Client> m_client;
};

using CommandFn = std::function<int(Invocation&)>;

struct Command {
  CommandSpec spec;
  CommandFn run;
};

const std::vector<Command>& commands();
const Command* find_command(const std::string& name);

// docker's help layout.
void print_main_help();
void print_command_help(const CommandSpec& spec);
// "Error response from daemon: <message>" on stderr (or the connection error verbatim).
int report_error(const Error& error);
// A flag error as docker 28 prints it (message, usage line, "Run '... --help'"), exit 125.
int usage_error(const CommandSpec& spec, const std::string& message);
// docker 28's argument-count errors ("mydocker: 'mydocker rm' requires at least 1 argument",
// usage line, hint), exit 1; max_args SIZE_MAX means no upper bound.
int arg_count_error(const CommandSpec& spec, size_t min_args, size_t max_args);
// True when args contain -h/--help (prints the command help).
bool wants_help(const CommandSpec& spec, const std::vector<std::string>& args);

} // namespace mydocker::cli
