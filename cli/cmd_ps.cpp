// mydocker ps: the container table as docker prints it.
#include <ctime>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const std::vector<FlagSpec> FLAGS = {
    {"a", "all", false},     {"q", "quiet", false}, {"n", "last", true}, {"l", "latest", false},
    {"", "no-trunc", false}, {"f", "filter", true}, {"s", "size", false}};

// docker truncates the command to 20 characters (with an ellipsis) and quotes it.
std::string command_cell(const std::string& command, bool no_trunc) {
  if (no_trunc || command.size() <= 20)
    return "\"" + command + "\"";
  size_t cut = 19;
  while (cut > 0 && (static_cast<unsigned char>(command[cut]) & 0xC0) == 0x80)
    --cut; // never split a UTF-8 sequence
  return "\"" + command.substr(0, cut) + "…\"";
}

std::string query(const ParsedArgs& a) {
  std::string q = "/containers/json?";
  if (a.has("all"))
    q += "all=1&";
  if (a.has("latest"))
    q += "limit=1&";
  else if (a.has("last"))
    q += "limit=" + url_encode(a.last("last")) + "&";
  json filters = json::object();
  for (const auto& f : a.all("filter")) {
    size_t eq = f.find('=');
    filters[f.substr(0, eq)][eq == std::string::npos ? "" : f.substr(eq + 1)] = true;
  }
  return q + "filters=" + url_encode(filters.dump());
}

int run_ps(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto list = c->get_json(query(a));
  if (!list)
    return report_error(list.error());
  bool no_trunc = a.has("no-trunc");
  Table table({"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"});
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  for (const auto& item : *list) {
    std::string id = item.value("Id", "");
    if (a.has("quiet")) {
      std::cout << (no_trunc ? id : id.substr(0, 12)) << "\n";
      continue;
    }
    std::string names;
    for (const auto& n : item.value("Names", std::vector<std::string>{}))
      names += (names.empty() ? "" : ",") + n.substr(n[0] == '/' ? 1 : 0);
    table.add({no_trunc ? id : id.substr(0, 12), item.value("Image", ""),
               command_cell(item.value("Command", ""), no_trunc),
               human_duration(now - item.value("Created", now)) + " ago", item.value("Status", ""),
               "", names});
  }
  if (!a.has("quiet"))
    std::cout << table.render();
  return 0;
}

} // namespace

Command ps_command() {
  CommandSpec spec{"ps",
                   "[OPTIONS]",
                   "List containers",
                   {{"-a, --all", "Show all containers (default shows just running)"},
                    {"-f, --filter filter", "Filter output based on conditions provided"},
                    {"-n, --last int", "Show n last created containers (includes all states)"},
                    {"-l, --latest", "Show the latest created container (includes all states)"},
                    {"    --no-trunc", "Don't truncate output"},
                    {"-q, --quiet", "Only display container IDs"}},
                   "Common Commands"};
  return simple_command(spec, FLAGS, 0, 0, run_ps);
}

} // namespace mydocker::cli
