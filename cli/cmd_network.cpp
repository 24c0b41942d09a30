// mydocker network create|ls|inspect|rm|prune|connect|disconnect, printed as the docker CLI does.
#include <algorithm>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/go_template.hpp"
#include "cli/inspect_objects.hpp"
#include "cli/key_values.hpp"
#include "cli/list_format.hpp"
#include "cli/object_verbs.hpp"
#include "cli/prune_prompt.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

int create(Invocation& inv, const ParsedArgs& a) {
  json pool = json::object();
  if (a.has("subnet"))
    pool["Subnet"] = a.last("subnet");
  if (a.has("gateway"))
    pool["Gateway"] = a.last("gateway");
  json ipam = {{"Driver", "default"}, {"Config", pool.empty() ? json::array() : json{pool}}};
  json body = {{"Name", a.positionals[0]},
               {"Driver", a.last("driver", "bridge")},
               {"Internal", a.has("internal")},
               {"Labels", key_values(a.all("label"))},
               {"Options", key_values(a.all("opt"))},
               {"IPAM", ipam}};
  return create_and_print(inv, "/networks/create", body, "Id");
}

// docker's formatter.networkContext.
tmpl::Value network_context(const json& n, bool no_trunc) {
  std::string id = n.value("Id", "");
  tmpl::Value ctx = tmpl::Value::object();
  ctx["ID"] = no_trunc ? id : id.substr(0, 12);
  ctx["Name"] = n.value("Name", "");
  ctx["Driver"] = n.value("Driver", "");
  ctx["Scope"] = n.value("Scope", "");
  ctx["IPv6"] = n.value("EnableIPv6", false) ? "true" : "false";
  ctx["Internal"] = n.value("Internal", false) ? "true" : "false";
  ctx["Labels"] = labels_text(n.value("Labels", json()));
  ctx["CreatedAt"] = n.value("Created", "");
  return ctx;
}

int list(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto answer = c->get_json("/networks?filters=" + percent_encode(filters_of(a).dump()));
  if (!answer)
    return report_error(answer.error());
  json networks = answer->is_array() ? *answer : json::array();
  std::sort(networks.begin(), networks.end(),
            [](const json& x, const json& y) { return x.value("Name", "") < y.value("Name", ""); });
  std::vector<tmpl::Value> rows;
  for (const auto& n : networks)
    rows.push_back(network_context(n, a.has("no-trunc")));
  ListFormat lf{a.last("format"),
                "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
                "",
                "*formatter.networkContext",
                "template parsing error: ",
                "template parsing error: "};
  if (lf.format.empty() && a.has("quiet"))
    lf.format = "{{.ID}}";
  tmpl::Value header{{"ID", "NETWORK ID"}, {"Name", "NAME"},           {"Driver", "DRIVER"},
                     {"Scope", "SCOPE"},   {"IPv6", "IPV6"},           {"Internal", "INTERNAL"},
                     {"Labels", "LABELS"}, {"CreatedAt", "CREATED AT"}};
  return print_list(lf, rows, header);
}

int inspect(Invocation& inv, const ParsedArgs& a) {
  return inspect_objects(inv, a, find_in("/networks"));
}

int remove(Invocation& inv, const ParsedArgs& a) {
  return remove_each(inv, "/networks/", a.positionals, "");
}

int prune(Invocation& inv, const ParsedArgs& a) {
  if (!a.has("force") && !confirmed("This will remove all custom networks not used by at least "
                                    "one container."))
    return 0;
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto report =
      c->request("POST", "/networks/prune?filters=" + percent_encode(filters_of(a).dump()));
  if (!report)
    return report_error(report.error());
  json j = json::parse(report->body, nullptr, false);
  print_deleted(j, "NetworksDeleted", "Networks");
  return 0;
}

int connect(Invocation& inv, const ParsedArgs& a) {
  json endpoint = {{"Aliases", a.all("alias")}};
  if (a.has("ip"))
    endpoint["IPAMConfig"] = {{"IPv4Address", a.last("ip")}};
  json body = {{"Container", a.positionals[1]}, {"EndpointConfig", endpoint}};
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto done = c->request("POST", "/networks/" + percent_encode(a.positionals[0]) + "/connect",
                         body.dump(), "application/json");
  return done ? 0 : report_error(done.error());
}

int disconnect(Invocation& inv, const ParsedArgs& a) {
  json body = {{"Container", a.positionals[1]}, {"Force", a.has("force")}};
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto done = c->request("POST", "/networks/" + percent_encode(a.positionals[0]) + "/disconnect",
                         body.dump(), "application/json");
  return done ? 0 : report_error(done.error());
}

const char* const GROUP = "Network Commands";

} // namespace

std::vector<Command> network_commands() {
  return {
      simple_command(
          {"network create",
           "[OPTIONS] NETWORK",
           "Create a network",
           {{"-d, --driver string", "Driver to manage the Network (default \"bridge\")"},
            {"    --gateway strings", "IPv4 or IPv6 Gateway for the master subnet"},
            {"    --internal", "Restrict external access to the network"},
            {"    --label list", "Set metadata on a network"},
            {"-o, --opt map", "Set driver specific options (default map[])"},
            {"    --subnet strings", "Subnet in CIDR format that represents a network segment"}},
           GROUP},
          {{"d", "driver", true},
           {"", "gateway", true},
           {"", "internal", false},
           {"", "label", true},
           {"o", "opt", true},
           {"", "subnet", true}},
          1, 1, create),
      simple_command({"network ls",
                      "[OPTIONS]",
                      "List networks",
                      {{"-f, --filter filter", "Provide filter values (e.g. \"driver=bridge\")"},
                       {"    --format string", LIST_FORMAT_HELP},
                       {"    --no-trunc", "Do not truncate the output"},
                       {"-q, --quiet", "Only display network IDs"}},
                      GROUP},
                     {{"f", "filter", true},
                      {"", "format", true},
                      {"", "no-trunc", false},
                      {"q", "quiet", false}},
                     0, 0, list),
      simple_command({"network inspect",
                      "[OPTIONS] NETWORK [NETWORK...]",
                      "Display detailed information on one or more networks",
                      {{"-f, --format string", "Format output using a custom template"}},
                      GROUP},
                     {{"f", "format", true}}, 1, ANY, inspect),
      simple_command(
          {"network rm", "NETWORK [NETWORK...]", "Remove one or more networks", {}, GROUP}, {}, 1,
          ANY, remove),
      simple_command(
          {"network prune",
           "[OPTIONS]",
           "Remove all unused networks",
           {{"    --filter filter", "Provide filter values (e.g. \"until=<timestamp>\")"},
            {"-f, --force", "Do not prompt for confirmation"}},
           GROUP},
          {{"", "filter", true}, {"f", "force", false}}, 0, 0, prune),
      simple_command({"network connect",
                      "[OPTIONS] NETWORK CONTAINER",
                      "Connect a container to a network",
                      {{"    --alias strings", "Add network-scoped alias for the container"},
                       {"    --ip string", "IPv4 address (e.g., \"172.30.100.104\")"}},
                      GROUP},
                     {{"", "alias", true}, {"", "ip", true}}, 2, 2, connect),
      simple_command({"network disconnect",
                      "[OPTIONS] NETWORK CONTAINER",
                      "Disconnect a container from a network",
                      {{"-f, --force", "Force the container to disconnect from a network"}},
                      GROUP},
                     {{"f", "force", false}}, 2, 2, disconnect),
  };
}

} // namespace mydocker::cli
