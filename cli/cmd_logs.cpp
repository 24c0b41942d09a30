// mydocker logs.
#include <iostream>

#include "cli/args.hpp"
#include "cli/attached_output.hpp"
#include "cli/commands.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

int run_logs(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string name = percent_encode(a.positionals[0]);
  auto info = c->get_json("/containers/" + name + "/json");
  if (!info)
    return report_error(info.error());
  std::string q = "?stdout=1&stderr=1&tail=" + percent_encode(a.last("tail", "all"));
  if (a.has("timestamps"))
    q += "&timestamps=1";
  if (a.has("since"))
    q += "&since=" + percent_encode(a.last("since"));
  if (a.has("until"))
    q += "&until=" + percent_encode(a.last("until"));
  if (a.has("follow"))
    q += "&follow=1";
  // Streamed: with --follow the body only ends when the container does.
  auto stream = c->open_stream("GET", "/containers/" + name + "/logs" + q);
  if (!stream)
    return report_error(stream.error());
  if (auto status = (*stream)->read_headers(); !status)
    return report_error(status.error());
  Demux demux(info->value("/Config/Tty"_json_pointer, false));
  auto read = (*stream)->read_body([&](std::string_view d) { demux.feed(d); });
  return read ? 0 : report_error(read.error());
}

} // namespace

Command logs_command() {
  CommandSpec spec{"logs",
                   "[OPTIONS] CONTAINER",
                   "Fetch the logs of a container",
                   {{"-f, --follow", "Follow log output"},
                    {"    --since string", "Show logs since timestamp or relative (e.g. 42m)"},
                    {"-n, --tail string", "Number of lines to show from the end of the logs"},
                    {"-t, --timestamps", "Show timestamps"},
                    {"    --until string", "Show logs before a timestamp or relative (e.g. 42m)"}},
                   "Common Commands"};
  std::vector<FlagSpec> flags = {{"f", "follow", false},
                                 {"", "since", true},
                                 {"n", "tail", true},
                                 {"t", "timestamps", false},
                                 {"", "until", true}};
  return simple_command(spec, flags, 1, 1, run_logs);
}

} // namespace mydocker::cli
