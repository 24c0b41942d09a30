// mydocker logs (without -f for now) and inspect (containers, then images).
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

// Splits a multiplexed body into stdout/stderr (8-byte headers: stream, 0, 0, 0, size BE).
void print_multiplexed(const std::string& body) {
  size_t pos = 0;
  while (pos + 8 <= body.size()) {
    int stream = static_cast<unsigned char>(body[pos]);
    size_t size = 0;
    for (int i = 4; i < 8; ++i)
      size = (size << 8) | static_cast<unsigned char>(body[pos + static_cast<size_t>(i)]);
    std::string text = body.substr(pos + 8, size);
    (stream == 2 ? std::cerr : std::cout) << text;
    pos += 8 + size;
  }
  std::cout.flush();
}

int run_logs(Invocation& inv, const ParsedArgs& a) {
  if (a.has("follow"))
    return report_error(Error{Errc::Unavailable, 0,
                              "mydocker logs --follow is not implemented yet; use docker logs -f"});
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string name = url_encode(a.positionals[0]);
  auto info = c->get_json("/containers/" + name + "/json");
  if (!info)
    return report_error(info.error());
  std::string q = "?stdout=1&stderr=1&tail=" + url_encode(a.last("tail", "all"));
  if (a.has("timestamps"))
    q += "&timestamps=1";
  if (a.has("since"))
    q += "&since=" + url_encode(a.last("since"));
  if (a.has("until"))
    q += "&until=" + url_encode(a.last("until"));
  auto res = c->request("GET", "/containers/" + name + "/logs" + q);
  if (!res)
    return report_error(res.error());
  if (info->value("/Config/Tty"_json_pointer, false))
    std::cout << res->body;
  else
    print_multiplexed(res->body);
  return 0;
}

int run_inspect(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  json out = json::array();
  int status = 0;
  std::string type = a.last("type");
  for (const auto& name : a.positionals) {
    Result<json> found = make_error(Errc::NotFound, "");
    if (type.empty() || type == "container")
      found = c->get_json("/containers/" + url_encode(name) + "/json");
    if (!found && found.error().code == Errc::NotFound && (type.empty() || type == "image"))
      found = c->get_json("/images/" + name + "/json");
    if (found) {
      out.push_back(*found);
    } else {
      std::cerr << "Error: No such object: " << name << "\n";
      status = 1;
    }
  }
  std::cout << out.dump(4) << "\n";
  return status;
}

} // namespace

Command logs_command() {
  CommandSpec spec{"logs",
                   "[OPTIONS] CONTAINER",
                   "Fetch the logs of a container",
                   {{"-f, --follow", "Follow log output (not yet)"},
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

Command inspect_command() {
  CommandSpec spec{"inspect",
                   "[OPTIONS] NAME|ID [NAME|ID...]",
                   "Return low-level information on Docker objects",
                   {{"    --type string", "Return JSON for specified type (container, image)"}},
                   "Common Commands"};
  std::vector<FlagSpec> flags = {{"", "type", true}};
  return simple_command(spec, flags, 1, ANY, run_inspect);
}

} // namespace mydocker::cli
