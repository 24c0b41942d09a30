// mydocker exec: create the exec instance, start it hijacked (or detached), then exit with
// the process's code as docker does (126/127 when it could not start, 1 for daemon errors).
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/exec_session.hpp"
#include "cli/terminal.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const std::vector<FlagSpec> FLAGS = {
    {"d", "detach", false}, {"", "detach-keys", true},   {"e", "env", true},
    {"", "env-file", true}, {"i", "interactive", false}, {"", "privileged", false},
    {"t", "tty", false},    {"u", "user", true},         {"w", "workdir", true}};

Result<std::vector<std::string>> env_of(const ParsedArgs& a) {
  std::vector<std::string> env;
  for (const auto& file : a.all("env-file")) {
    std::ifstream in(file);
    if (!in)
      return invalid_argument("open " + file + ": no such file or directory");
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#')
        env.push_back(line);
  }
  for (const auto& e : a.all("env"))
    env.push_back(e);
  return env;
}

json create_body(const ParsedArgs& a, const std::vector<std::string>& env) {
  bool detach = a.has("detach");
  json body = {{"User", a.last("user")},
               {"Privileged", a.has("privileged")},
               {"Tty", a.has("tty")},
               {"AttachStdin", a.has("interactive") && !detach},
               {"AttachStdout", !detach},
               {"AttachStderr", !detach},
               {"DetachKeys", a.last("detach-keys")},
               {"Env", env},
               {"WorkingDir", a.last("workdir")},
               {"Cmd", std::vector<std::string>(a.positionals.begin() + 1, a.positionals.end())}};
  winsize ws{};
  if (a.has("tty") && ::ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
    body["ConsoleSize"] = {ws.ws_row, ws.ws_col};
  return body;
}

// Raw mode on our terminal while a tty exec runs (keys go to the process as typed).
class RawTerminal {
public:
  explicit RawTerminal(bool wanted) {
    if (wanted && ::isatty(0) && ::tcgetattr(0, &m_saved) == 0) {
      termios raw = m_saved;
      ::cfmakeraw(&raw);
      m_active = ::tcsetattr(0, TCSANOW, &raw) == 0;
    }
  }
  ~RawTerminal() {
    if (m_active)
      ::tcsetattr(0, TCSANOW, &m_saved);
  }

private:
  termios m_saved{};
  bool m_active = false;
};

int run_exec(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto env = env_of(a);
  if (!env)
    return report_error(env.error());
  if (!a.has("detach") && a.has("interactive") && a.has("tty") && !::isatty(STDIN_FILENO)) {
    // As the docker CLI: a missing container is reported before the terminal.
    auto info = c->get_json("/containers/" + percent_encode(a.positionals[0]) + "/json");
    if (!info)
      return report_error(info.error());
    return stdin_fits_tty(true, true) ? 0 : 1;
  }
  auto created = c->request("POST", "/containers/" + percent_encode(a.positionals[0]) + "/exec",
                            create_body(a, *env).dump(), "application/json");
  if (!created)
    return report_error(created.error());
  std::string id = json::parse(created->body, nullptr, false).value("Id", "");
  if (a.has("detach")) {
    json start = {{"Detach", true}, {"Tty", a.has("tty")}};
    auto started = c->request("POST", "/exec/" + id + "/start", start.dump(), "application/json");
    return started ? 0 : report_error(started.error());
  }
  {
    RawTerminal raw(a.has("tty") && a.has("interactive"));
    ExecSessionOptions session_options{c->host(), c->api_version(), id, a.has("tty"),
                                       a.has("interactive")};
    if (a.has("tty"))
      session_options.on_window_change = [c, &id] {
        winsize ws{};
        if (::ioctl(1, TIOCGWINSZ, &ws) == 0)
          (void)c->request("POST", "/exec/" + id + "/resize?h=" + std::to_string(ws.ws_row) +
                                       "&w=" + std::to_string(ws.ws_col));
      };
    auto session = run_exec_session(session_options);
    if (!session)
      return report_error(session.error());
  }
  auto info = c->get_json("/exec/" + id + "/json");
  if (!info)
    return report_error(info.error());
  auto code = info->find("ExitCode");
  return code != info->end() && code->is_number_integer() ? code->get<int>() : 0;
}

} // namespace

Command exec_command() {
  CommandSpec spec{
      "exec",
      "[OPTIONS] CONTAINER COMMAND [ARG...]",
      "Execute a command in a running container",
      {{"-d, --detach", "Detached mode: run command in the background"},
       {"    --detach-keys string", "Override the key sequence for detaching a container"},
       {"-e, --env list", "Set environment variables"},
       {"    --env-file list", "Read in a file of environment variables"},
       {"-i, --interactive", "Keep STDIN open even if not attached"},
       {"    --privileged", "Give extended privileges to the command"},
       {"-t, --tty", "Allocate a pseudo-TTY"},
       {"-u, --user string", "Username or UID (format: \"<name|uid>[:<group|gid>]\")"},
       {"-w, --workdir string", "Working directory inside the container"}},
      "Common Commands"};
  return {spec, [spec_as_registered = spec](Invocation& inv) {
            CommandSpec spec = inv.shown_spec(spec_as_registered);
            // Only before CONTAINER: a -h after it belongs to the command.
            const auto& all = inv.args();
            if (!all.empty() && wants_help(spec, {all.front()}))
              return 0;
            auto args = parse_args(all, FLAGS, true);
            if (!args)
              return usage_error(spec, args.error().message);
            if (args->positionals.size() < 2)
              return arg_count_error(spec, 2, SIZE_MAX);
            return run_exec(inv, *args);
          }};
}

} // namespace mydocker::cli
