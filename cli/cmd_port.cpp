// mydocker port CONTAINER [PRIVATE_PORT[/PROTO]]: NetworkSettings.Ports as docker prints them.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

int port(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto found = c->get_json("/containers/" + percent_encode(a.positionals[0]) + "/json");
  if (!found)
    return report_error(found.error());
  json ports = found->value("NetworkSettings", json::object()).value("Ports", json::object());
  std::string wanted = a.positionals.size() > 1 ? a.positionals[1] : "";
  if (!wanted.empty() && wanted.find('/') == std::string::npos)
    wanted += "/tcp";
  bool any = false;
  if (!ports.is_object())
    ports = json::object();
  for (auto& [key, bindings] : ports.items()) {
    if (!wanted.empty() && key != wanted)
      continue;
    if (!bindings.is_array())
      continue; // exposed, not published
    for (const auto& b : bindings) {
      std::string where = b.value("HostIp", "") + ":" + b.value("HostPort", "");
      std::cout << (wanted.empty() ? key + " -> " : "") << where << "\n";
      any = true;
    }
  }
  if (!wanted.empty() && !any) {
    std::cerr << "Error: No public port '" << wanted << "' published for " << a.positionals[0]
              << "\n";
    return 1;
  }
  return 0;
}

} // namespace

Command port_command() {
  return simple_command({"port",
                         "CONTAINER [PRIVATE_PORT[/PROTO]]",
                         "List port mappings or a specific mapping for the container",
                         {},
                         "Commands"},
                        {}, 1, 2, port);
}

} // namespace mydocker::cli
