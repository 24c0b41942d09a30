// mydocker start, stop, kill, restart, pause, unpause, rm, wait: one request per container,
// the container's name echoed on success, errors reported and the rest still attempted.
#include <iostream>

#include "cli/args.hpp"
#include "cli/attached_output.hpp"
#include "cli/commands.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

struct Verb {
  std::string method;
  std::string path_suffix; // after /containers/<name>
  bool print_exit_code = false;
};

Result<Verb> verb_request(const std::string& name, const ParsedArgs& a) {
  if (name == "start")
    return Verb{"POST", "/start"};
  if (name == "pause")
    return Verb{"POST", "/pause"};
  if (name == "unpause")
    return Verb{"POST", "/unpause"};
  if (name == "wait")
    return Verb{"POST", "/wait", true};
  if (name == "kill")
    return Verb{"POST", "/kill" + (a.has("signal") ? "?signal=" + percent_encode(a.last("signal"))
                                                   : std::string())};
  if (name == "stop" || name == "restart") {
    std::string q;
    if (a.has("time"))
      q += "t=" + percent_encode(a.last("time"));
    if (a.has("signal"))
      q += (q.empty() ? "" : "&") + std::string("signal=") + percent_encode(a.last("signal"));
    return Verb{"POST", "/" + name + (q.empty() ? "" : "?" + q)};
  }
  if (name == "rm")
    return Verb{"DELETE", std::string("?force=") + (a.has("force") ? "1" : "0") +
                              (a.has("volumes") ? "&v=1" : "")};
  return invalid_argument("unknown verb " + name);
}

// docker start -a: output until the container ends, then its exit status.
int start_attached(Invocation& inv, const ParsedArgs& args) {
  if (args.positionals.size() > 1) {
    std::cerr << "you cannot start and attach multiple containers at once\n";
    return 1;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto info = c->get_json("/containers/" + percent_encode(args.positionals[0]) + "/json");
  if (!info)
    return report_error(info.error());
  std::string id = info->value("Id", "");
  AttachChoice choice{true, true, info->value("/Config/Tty"_json_pointer, false)};
  auto code = attach_start_wait(*c, id, choice, "next-exit");
  return code ? *code : report_error(code.error());
}

int run_verb(const std::string& name, Invocation& inv, const ParsedArgs& args) {
  if (name == "start" && args.has("attach"))
    return start_attached(inv, args);
  auto verb = verb_request(name, args);
  client::Client* c = inv.client();
  if (!c || !verb)
    return 1;
  int status = 0;
  for (const auto& target : args.positionals) {
    bool is_rm = verb->method == "DELETE";
    auto res =
        c->request(verb->method, "/containers/" + percent_encode(target) + verb->path_suffix);
    if (!res && res.error().code != Errc::NotModified) {
      // docker rm -f of a missing container is not an error.
      bool ignorable = is_rm && args.has("force") && res.error().code == Errc::NotFound;
      status = ignorable ? status : report_error(res.error());
      continue;
    }
    if (verb->print_exit_code)
      std::cout << json::parse(res->body, nullptr, false).value("StatusCode", 0) << "\n";
    else
      std::cout << target << "\n";
  }
  return status;
}

Command verb_command(const std::string& name, const std::string& description,
                     std::vector<OptionHelp> help, std::vector<FlagSpec> flags) {
  // docker's usage line shows [OPTIONS] only for verbs that have options.
  std::string usage =
      help.empty() ? "CONTAINER [CONTAINER...]" : "[OPTIONS] CONTAINER [CONTAINER...]";
  CommandSpec spec{name, usage, description, std::move(help), "Common Commands"};
  return simple_command(spec, flags, 1, ANY, [name](Invocation& inv, const ParsedArgs& a) {
    return run_verb(name, inv, a);
  });
}

} // namespace

std::vector<Command> container_verb_commands() {
  std::vector<FlagSpec> stop_flags = {{"t", "time", true}, {"s", "signal", true}};
  std::vector<OptionHelp> stop_help = {
      {"-s, --signal string", "Signal to send to the container"},
      {"-t, --time int", "Seconds to wait before killing the container"}};
  return {
      verb_command("start", "Start one or more stopped containers",
                   {{"-a, --attach", "Attach STDOUT/STDERR and forward signals"}},
                   {{"a", "attach", false}}),
      verb_command("stop", "Stop one or more running containers", stop_help, stop_flags),
      verb_command("restart", "Restart one or more containers", stop_help, stop_flags),
      verb_command("kill", "Kill one or more running containers",
                   {{"-s, --signal string", "Signal to send to the container"}},
                   {{"s", "signal", true}}),
      verb_command("pause", "Pause all processes within one or more containers", {}, {}),
      verb_command("unpause", "Unpause all processes within one or more containers", {}, {}),
      verb_command("rm", "Remove one or more containers",
                   {{"-f, --force", "Force the removal of a running container (uses SIGKILL)"},
                    {"-v, --volumes", "Remove anonymous volumes associated with the container"}},
                   {{"f", "force", false}, {"v", "volumes", false}, {"l", "link", false}}),
      verb_command("wait", "Block until one or more containers stop, then print their exit codes",
                   {}, {}),
  };
}

} // namespace mydocker::cli
