// mydocker volume create|ls|inspect|rm|prune, printed as the docker CLI does.
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
#include "common/human_format.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

int create(Invocation& inv, const ParsedArgs& a) {
  std::string name = a.positionals.empty() ? a.last("name") : a.positionals[0];
  json body = {{"Driver", a.last("driver", "local")},
               {"DriverOpts", key_values(a.all("opt"))},
               {"Labels", key_values(a.all("label"))},
               {"Name", name}};
  return create_and_print(inv, "/volumes/create", body, "Name");
}

// docker's formatter.volumeContext (keys in Go's map order).
tmpl::Value volume_context(const json& v) {
  tmpl::Value ctx = tmpl::Value::object();
  ctx["Availability"] = "N/A"; // cluster volume fields, N/A for local ones
  ctx["Driver"] = v.value("Driver", "");
  ctx["Group"] = "N/A";
  ctx["Labels"] = labels_text(v.value("Labels", json()));
  ctx["Links"] = "N/A";
  ctx["Mountpoint"] = v.value("Mountpoint", "");
  ctx["Name"] = v.value("Name", "");
  ctx["Scope"] = v.value("Scope", "");
  ctx["Size"] = "N/A";
  ctx["Status"] = "N/A";
  return ctx;
}

tmpl::Value volume_header() {
  return tmpl::Value{{"Availability", "AVAILABILITY"},
                     {"Driver", "DRIVER"},
                     {"Group", "GROUP"},
                     {"Status", "STATUS"},
                     {"Labels", "LABELS"},
                     {"Links", "LINKS"},
                     {"Mountpoint", "MOUNTPOINT"},
                     {"Name", "VOLUME NAME"},
                     {"Scope", "SCOPE"},
                     {"Size", "SIZE"}};
}

int list(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto answer = c->get_json("/volumes?filters=" + percent_encode(filters_of(a).dump()));
  if (!answer)
    return report_error(answer.error());
  json volumes = answer->value("Volumes", json::array());
  if (!volumes.is_array())
    volumes = json::array();
  std::sort(volumes.begin(), volumes.end(),
            [](const json& x, const json& y) { return x.value("Name", "") < y.value("Name", ""); });
  std::vector<tmpl::Value> rows;
  for (const auto& v : volumes)
    rows.push_back(volume_context(v));
  ListFormat lf{
      a.last("format"),           "table {{.Driver}}\t{{.Name}}", "",
      "*formatter.volumeContext", "template parsing error: ",     "template parsing error: "};
  if (lf.format.empty() && a.has("quiet"))
    lf.format = "{{.Name}}";
  return print_list(lf, rows, volume_header());
}

int inspect(Invocation& inv, const ParsedArgs& a) {
  return inspect_objects(inv, a, find_in("/volumes"));
}

int remove(Invocation& inv, const ParsedArgs& a) {
  return remove_each(inv, "/volumes/", a.positionals, a.has("force") ? "?force=1" : "");
}

int prune(Invocation& inv, const ParsedArgs& a) {
  std::string warning = a.has("all")
                            ? "This will remove all local volumes not used by at least one "
                              "container."
                            : "This will remove anonymous local volumes not used by at least one "
                              "container.";
  if (!a.has("force") && !confirmed(warning))
    return 0;
  client::Client* c = inv.client();
  if (!c)
    return 1;
  json filters = filters_of(a);
  if (a.has("all"))
    filters["all"] = {{"true", true}};
  auto report = c->request("POST", "/volumes/prune?filters=" + percent_encode(filters.dump()));
  if (!report)
    return report_error(report.error());
  json j = json::parse(report->body, nullptr, false);
  if (print_deleted(j, "VolumesDeleted", "Volumes"))
    std::cout << "\n";
  double reclaimed = j.is_object() ? j.value("SpaceReclaimed", 0.0) : 0.0;
  std::cout << "Total reclaimed space: " << human_size(reclaimed) << "\n";
  return 0;
}

const char* const GROUP = "Volume Commands";

} // namespace

std::vector<Command> volume_commands() {
  return {
      simple_command(
          {"volume create",
           "[OPTIONS] [VOLUME]",
           "Create a volume",
           {{"-d, --driver string", "Specify volume driver name (default \"local\")"},
            {"    --label list", "Set metadata for a volume"},
            {"-o, --opt map", "Set driver specific options (default map[])"}},
           GROUP},
          {{"d", "driver", true}, {"", "label", true}, {"o", "opt", true}, {"", "name", true}}, 0,
          1, create),
      simple_command({"volume ls",
                      "[OPTIONS]",
                      "List volumes",
                      {{"-f, --filter filter", "Provide filter values (e.g. \"dangling=true\")"},
                       {"    --format string", LIST_FORMAT_HELP},
                       {"-q, --quiet", "Only display volume names"}},
                      GROUP},
                     {{"f", "filter", true}, {"", "format", true}, {"q", "quiet", false}}, 0, 0,
                     list),
      simple_command({"volume inspect",
                      "[OPTIONS] VOLUME [VOLUME...]",
                      "Display detailed information on one or more volumes",
                      {{"-f, --format string", "Format output using a custom template"}},
                      GROUP},
                     {{"f", "format", true}}, 1, ANY, inspect),
      simple_command({"volume rm",
                      "[OPTIONS] VOLUME [VOLUME...]",
                      "Remove one or more volumes",
                      {{"-f, --force", "Force the removal of one or more volumes"}},
                      GROUP},
                     {{"f", "force", false}}, 1, ANY, remove),
      simple_command({"volume prune",
                      "[OPTIONS]",
                      "Remove unused local volumes",
                      {{"-a, --all", "Remove all unused volumes, not just anonymous ones"},
                       {"    --filter filter", "Provide filter values (e.g. \"label=<label>\")"},
                       {"-f, --force", "Do not prompt for confirmation"}},
                      GROUP},
                     {{"a", "all", false}, {"", "filter", true}, {"f", "force", false}}, 0, 0,
                     prune),
  };
}

} // namespace mydocker::cli
