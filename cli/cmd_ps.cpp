// mydocker ps: the container table as docker prints it, or --format's template.
#include <ctime>
#include <iostream>
#include <set>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "cli/list_format.hpp"
#include "cli/ps_context.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const std::vector<FlagSpec> FLAGS = {
    {"a", "all", false},     {"q", "quiet", false}, {"n", "last", true},  {"l", "latest", false},
    {"", "no-trunc", false}, {"f", "filter", true}, {"s", "size", false}, {"", "format", true}};

const char* DEFAULT_TABLE =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

const char* RAW_FORMAT = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\n"
                         "created_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\n"
                         "status: {{- pad .Status 1 0}}\nnames: {{.Names}}\n"
                         "labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";

// docker asks for sizes with -s, or when a custom format shows .Size.
bool wants_size(const ParsedArgs& a) {
  // {{json .}} marshals every field, .Size included.
  std::string f = a.last("format");
  bool all_fields =
      f.find("json .}}") != std::string::npos || f.find(". | json") != std::string::npos;
  return a.has("size") || (!a.has("quiet") && (format_uses(f, "Size") || all_fields));
}

std::string query(const ParsedArgs& a) {
  std::string q = "/containers/json?";
  if (wants_size(a))
    q += "size=1&";
  if (a.has("all"))
    q += "all=1&";
  if (a.has("latest"))
    q += "limit=1&";
  else if (a.has("last"))
    q += "limit=" + percent_encode(a.last("last")) + "&";
  json filters = json::object();
  for (const auto& f : a.all("filter")) {
    size_t eq = f.find('=');
    filters[f.substr(0, eq)][eq == std::string::npos ? "" : f.substr(eq + 1)] = true;
  }
  return q + "filters=" + percent_encode(filters.dump());
}

ListFormat list_format(const ParsedArgs& a) {
  ListFormat lf{a.last("format"), DEFAULT_TABLE, RAW_FORMAT, "*formatter.ContainerContext"};
  if (a.has("size")) { // -s adds the SIZE column to docker's built-in formats
    lf.default_table += "\t{{.Size}}";
    lf.raw += "size: {{.Size}}\n";
  }
  return lf;
}

int run_ps(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto list = c->get_json(query(a));
  if (!list)
    return report_error(list.error());
  bool no_trunc = a.has("no-trunc");
  if (a.has("quiet")) {
    if (a.has("format"))
      std::cerr << "WARNING: Ignoring custom format, because both --format and --quiet are set.\n";
    for (const auto& item : *list) {
      std::string id = item.value("Id", "");
      std::cout << (no_trunc ? id : id.substr(0, 12)) << "\n";
    }
    return 0;
  }
  ContainerContextOptions options{!no_trunc, format_uses(a.last("format"), "Label "),
                                  static_cast<int64_t>(std::time(nullptr))};
  std::vector<tmpl::Value> rows;
  std::set<std::string> label_keys;
  for (const auto& item : *list) {
    rows.push_back(container_context(item, options));
    const json labels = item.value("Labels", json::object());
    for (const auto& [k, _] : labels.items())
      label_keys.insert(k);
  }
  return print_list(list_format(a), rows, container_header(label_keys));
}

} // namespace

Command ps_command() {
  CommandSpec spec{"ps",
                   "[OPTIONS]",
                   "List containers",
                   {{"-a, --all", "Show all containers (default shows just running)"},
                    {"-f, --filter filter", "Filter output based on conditions provided"},
                    {"    --format string", LIST_FORMAT_HELP},
                    {"-n, --last int", "Show n last created containers (includes all states)"},
                    {"-l, --latest", "Show the latest created container (includes all states)"},
                    {"    --no-trunc", "Don't truncate output"},
                    {"-q, --quiet", "Only display container IDs"},
                    {"-s, --size", "Display total file sizes"}},
                   "Common Commands"};
  return simple_command(spec, FLAGS, 0, 0, run_ps);
}

} // namespace mydocker::cli
