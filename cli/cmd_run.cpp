// mydocker create and run: the docker CLI's sequence (create -> wait registered -> start ->
// output until the container ends -> exit with its status); -i/-t over a hijacked connection.
#include <unistd.h>

#include <iostream>

#include "cli/attached_output.hpp"
#include "cli/commands.hpp"
#include "cli/health_flags.hpp"
#include "cli/mount_flag.hpp"
#include "cli/run_options.hpp"
#include "cli/simple_command.hpp"
#include "cli/terminal.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

// docker's run/create errors: "docker: Error response from daemon: ...", exit 125/126/127.
int run_error(const CommandSpec& spec, const Error& e) {
  std::cerr << "mydocker: " << (e.code == Errc::Unavailable ? "" : "Error response from daemon: ")
            << e.message << "\n\nRun 'mydocker " << spec.name << " --help' for more information\n";
  const std::string& m = e.message;
  if (m.find("executable file not found") != std::string::npos ||
      m.find("no such file or directory") != std::string::npos)
    return 127;
  if (m.find("permission denied") != std::string::npos ||
      m.find("is a directory") != std::string::npos)
    return 126;
  return 125;
}

Result<std::string> create(client::Client& c, const ParsedArgs& args) {
  json body = TRY(create_body(args));
  std::string path = "/containers/create";
  if (args.has("name"))
    path += "?name=" + percent_encode(args.last("name"));
  auto res = c.request("POST", path, body.dump(), "application/json");
  if (!res && res.error().code == Errc::NotFound &&
      res.error().message.rfind("No such image", 0) == 0) {
    std::cerr << "Unable to find image '" << args.positionals[0]
              << (args.positionals[0].find(':') == std::string::npos ? ":latest" : "")
              << "' locally\n";
    auto pulled =
        c.request("POST", "/images/create?fromImage=" + percent_encode(args.positionals[0]));
    if (!pulled)
      return tl::unexpected(pulled.error());
    res = c.request("POST", path, body.dump(), "application/json");
  }
  if (!res)
    return tl::unexpected(res.error());
  json answer = json::parse(res->body, nullptr, false);
  if (answer.is_object() && answer["Warnings"].is_array()) // as the docker CLI prints them
    for (const auto& warning : answer["Warnings"])
      if (warning.is_string())
        std::cerr << "WARNING: " << warning.get<std::string>() << "\n";
  return answer.value("Id", "");
}

// docker run -a: which streams to attach.
Result<AttachChoice> attach_choice(const ParsedArgs& args) {
  if (!args.has("attach"))
    return AttachChoice{};
  if (args.has("detach"))
    return invalid_argument("conflicting options: cannot specify both --attach and --detach");
  AttachChoice choice{false, false, false};
  for (const auto& stream : args.all("attach")) {
    if (stream == "stdout")
      choice.stdout_wanted = true;
    else if (stream == "stderr")
      choice.stderr_wanted = true;
    else if (stream == "stdin")
      choice.with_stdin = true;
    else
      return invalid_argument("invalid argument \"" + stream +
                              "\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT "
                              "and STDERR");
  }
  return choice;
}

int create_or_run(const CommandSpec& spec, Invocation& inv, bool start) {
  static const std::vector<FlagSpec> flags = with_health_flags(run_flags());
  auto args = parse_args(inv.args(), flags, true);
  if (!args)
    return usage_error(spec, args.error().message);
  if (args->positionals.empty())
    return arg_count_error(spec, 1, ANY);
  for (const auto& value : args->all("mount")) // a flag error, before any request
    if (auto mount = parse_mount_flag(value); !mount)
      return usage_error(spec, mount.error().message);
  auto choice = attach_choice(*args);
  if (!choice && args->has("detach")) { // docker: a plain error, not a flag error
    std::cerr << choice.error().message << "\n";
    return 1;
  }
  if (!choice)
    return usage_error(spec, choice.error().message);
  choice->tty = args->has("tty");
  choice->with_stdin = choice->with_stdin || args->has("interactive");
  if (start && !args->has("detach") && !stdin_fits_tty(choice->with_stdin, choice->tty))
    return 1; // the docker CLI's check, before anything is created
  client::Client* c = inv.client();
  if (!c)
    return 125;
  auto id = create(*c, *args);
  if (!id)
    return run_error(spec, id.error());
  if (!start || args->has("detach")) {
    auto started = start ? c->request("POST", "/containers/" + *id + "/start")
                         : Result<client::HttpResponse>{};
    if (!started)
      return run_error(spec, started.error());
    std::cout << *id << "\n";
    return 0;
  }
  if (args->has("detach-keys"))
    choice->detach_keys = args->last("detach-keys");
  auto code = attach_start_wait(*c, *id, *choice, args->has("rm") ? "removed" : "next-exit");
  return code ? *code : run_error(spec, code.error());
}

std::vector<OptionHelp> run_help() {
  return {{"-a, --attach list", "Attach to STDIN, STDOUT or STDERR"},
          {"-d, --detach", "Run container in background and print container ID"},
          {"    --detach-keys string", "Override the key sequence for detaching a container"},
          {"-e, --env list", "Set environment variables"},
          {"    --entrypoint string", "Overwrite the default ENTRYPOINT of the image"},
          {"-h, --hostname string", "Container host name"},
          {"-i, --interactive", "Keep STDIN open even if not attached"},
          {"-l, --label list", "Set meta data on a container"},
          {"-m, --memory bytes", "Memory limit"},
          {"    --name string", "Assign a name to the container"},
          {"    --pids-limit int", "Tune container pids limit (set -1 for unlimited)"},
          {"    --rm",
           "Automatically remove the container and its associated anonymous volumes when it exits"},
          {"-t, --tty", "Allocate a pseudo-TTY"},
          {"-u, --user string", "Username or UID (format: <name|uid>[:<group|gid>])"},
          {"-v, --volume list", "Bind mount a volume"},
          {"-w, --workdir string", "Working directory inside the container"}};
}

} // namespace

Command run_command() {
  CommandSpec spec{"run", "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                   "Create and run a new container from an image", run_help(), "Common Commands"};
  return {spec, [spec](Invocation& inv) {
            CommandSpec shown = inv.shown_spec(spec);
            return wants_help(shown, {inv.args().empty() ? "" : inv.args()[0]})
                       ? 0
                       : create_or_run(shown, inv, true);
          }};
}

Command create_command() {
  CommandSpec spec{"create", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container",
                   run_help(), "Common Commands"};
  return {spec, [spec](Invocation& inv) {
            CommandSpec shown = inv.shown_spec(spec);
            return wants_help(shown, {inv.args().empty() ? "" : inv.args()[0]})
                       ? 0
                       : create_or_run(shown, inv, false);
          }};
}

} // namespace mydocker::cli
