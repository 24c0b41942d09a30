// mydocker create and run: the docker CLI's sequence (create -> wait registered -> start ->
// output until the container ends -> exit with its status), without TTY or stdin yet.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/run_options.hpp"

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
    path += "?name=" + url_encode(args.last("name"));
  auto res = c.request("POST", path, body.dump(), "application/json");
  if (!res && res.error().code == Errc::NotFound &&
      res.error().message.rfind("No such image", 0) == 0) {
    std::cerr << "Unable to find image '" << args.positionals[0]
              << (args.positionals[0].find(':') == std::string::npos ? ":latest" : "")
              << "' locally\n";
    auto pulled = c.request("POST", "/images/create?fromImage=" + url_encode(args.positionals[0]));
    if (!pulled)
      return tl::unexpected(pulled.error());
    res = c.request("POST", path, body.dump(), "application/json");
  }
  if (!res)
    return tl::unexpected(res.error());
  return json::parse(res->body, nullptr, false).value("Id", "");
}

// Splits multiplexed frames (possibly cut across reads) onto stdout and stderr.
struct Demux {
  std::string carry;
  void feed(std::string_view data) {
    carry.append(data);
    size_t pos = 0;
    while (carry.size() - pos >= 8) {
      size_t size = 0;
      for (size_t i = 4; i < 8; ++i)
        size = (size << 8) | static_cast<unsigned char>(carry[pos + i]);
      if (carry.size() - pos - 8 < size)
        break;
      (carry[pos] == 2 ? std::cerr : std::cout) << carry.substr(pos + 8, size) << std::flush;
      pos += 8 + size;
    }
    carry.erase(0, pos);
  }
};

Result<int> run_attached(client::Client& c, const std::string& id, bool auto_remove) {
  std::string cid = "/containers/" + id;
  auto output = TRY(c.open_stream("GET", cid + "/logs?follow=1&stdout=1&stderr=1"));
  TRY(output->read_headers());
  auto wait = TRY(
      c.open_stream("POST", cid + "/wait?condition=" + (auto_remove ? "removed" : "next-exit")));
  TRY(wait->read_headers()); // the daemon flushes these once the waiter is registered
  TRY(c.request("POST", cid + "/start"));
  Demux demux;
  TRY_VOID(output->read_body([&](std::string_view d) { demux.feed(d); }));
  std::string status;
  TRY_VOID(wait->read_body([&](std::string_view d) { status.append(d); }));
  return json::parse(status, nullptr, false).value("StatusCode", 125);
}

int create_or_run(const CommandSpec& spec, Invocation& inv, bool start) {
  auto args = parse_args(inv.args(), run_flags(), true);
  if (!args)
    return usage_error(spec, args.error().message);
  if (args->positionals.empty())
    return usage_error(spec, "\"mydocker " + spec.name + "\" requires at least 1 argument.");
  if (args->has("tty") || args->has("interactive"))
    return run_error(spec,
                     Error{Errc::Unavailable, 0, "-i and -t are not supported by mydocker yet"});
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
  auto code = run_attached(*c, *id, args->has("rm"));
  return code ? *code : run_error(spec, code.error());
}

std::vector<OptionHelp> run_help() {
  return {{"-d, --detach", "Run container in background and print container ID"},
          {"-e, --env list", "Set environment variables"},
          {"    --entrypoint string", "Overwrite the default ENTRYPOINT of the image"},
          {"-h, --hostname string", "Container host name"},
          {"-l, --label list", "Set meta data on a container"},
          {"-m, --memory bytes", "Memory limit"},
          {"    --name string", "Assign a name to the container"},
          {"    --pids-limit int", "Tune container pids limit (set -1 for unlimited)"},
          {"    --rm",
           "Automatically remove the container and its associated anonymous volumes when it exits"},
          {"-u, --user string", "Username or UID (format: <name|uid>[:<group|gid>])"},
          {"-w, --workdir string", "Working directory inside the container"}};
}

} // namespace

Command run_command() {
  CommandSpec spec{"run", "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                   "Create and run a new container from an image", run_help(), "Common Commands"};
  return {spec, [spec](Invocation& inv) {
            return wants_help(spec, {inv.args().empty() ? "" : inv.args()[0]})
                       ? 0
                       : create_or_run(spec, inv, true);
          }};
}

Command create_command() {
  CommandSpec spec{"create", "[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container",
                   run_help(), "Common Commands"};
  return {spec, [spec](Invocation& inv) {
            return wants_help(spec, {inv.args().empty() ? "" : inv.args()[0]})
                       ? 0
                       : create_or_run(spec, inv, false);
          }};
}

} // namespace mydocker::cli
