// mydocker attach: the docker CLI's sequence (inspect, wait registered, hijacked attach,
// resize) with our stdin when the container keeps one open; ctrl-p ctrl-q detaches.
#include <iostream>

#include "api/types/detach_keys.hpp"
#include "cli/args.hpp"
#include "cli/attach_stream.hpp"
#include "cli/commands.hpp"
#include "cli/simple_command.hpp"
#include "cli/terminal.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

// The docker CLI refuses these itself, before it attaches.
std::string refusal(const json& state) {
  if (state.value("Paused", false))
    return "You cannot attach to a paused container, unpause it first";
  if (state.value("Restarting", false))
    return "You cannot attach to a restarting container, wait until it is running";
  if (!state.value("Running", false))
    return "You cannot attach to a stopped container, start it first";
  return "";
}

int run_attach(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto info = c->get_json("/containers/" + percent_encode(a.positionals[0]) + "/json");
  if (!info)
    return report_error(info.error());
  if (std::string why = refusal((*info)["State"]); !why.empty())
    return report_error(Error{Errc::Unavailable, 0, why}); // the CLI's own words, no prefix
  std::string id = info->value("Id", "");
  bool tty = info->value("/Config/Tty"_json_pointer, false);
  if (!stdin_fits_tty(!a.has("no-stdin"), tty))
    return 1;
  bool with_stdin = info->value("/Config/OpenStdin"_json_pointer, false) && !a.has("no-stdin");
  std::string keys = a.last("detach-keys", api::DEFAULT_DETACH_KEYS);
  auto parsed_keys = api::parse_detach_keys(keys);
  if (!parsed_keys)
    return report_error(parsed_keys.error());
  std::string cid = "/containers/" + id;
  auto wait = c->open_stream("POST", cid + "/wait");
  auto status = wait ? (*wait)->read_headers() : Result<int>(tl::unexpected(wait.error()));
  std::string q = std::string("/attach?stream=1&stdout=1&stderr=1&stdin=") +
                  (with_stdin ? "1" : "0") + "&detachKeys=" + percent_encode(keys);
  auto conn = status ? c->hijack("POST", cid + q) : tl::unexpected(status.error());
  if (!conn)
    return report_error(conn.error());
  std::optional<RawTerminal> raw;
  if (tty && with_stdin)
    raw.emplace(0);
  if (tty)
    resize_to_terminal(*c, id);
  if (pump_attached(*c, id, *conn, StreamOptions{tty, with_stdin, *parsed_keys}) ==
      StreamEnd::Detached) {
    raw.reset();
    std::cerr << "read escape sequence\n"; // the docker CLI's words and status for a detach
    return 1;
  }
  raw.reset();
  std::string body;
  if (!(*wait)->read_body([&](std::string_view d) { body.append(d); }))
    return 1;
  return json::parse(body, nullptr, false).value("StatusCode", 0);
}

} // namespace

Command attach_command() {
  CommandSpec spec{
      "attach",
      "[OPTIONS] CONTAINER",
      "Attach local standard input, output, and error streams to a running "
      "container",
      {{"    --detach-keys string", "Override the key sequence for detaching a container"},
       {"    --no-stdin", "Do not attach STDIN"},
       {"    --sig-proxy", "Proxy all received signals to the process (default true)"}},
      "Common Commands"};
  std::vector<FlagSpec> flags = {
      {"", "detach-keys", true}, {"", "no-stdin", false}, {"", "sig-proxy", false}};
  return simple_command(spec, flags, 1, 1, run_attach);
}

} // namespace mydocker::cli
