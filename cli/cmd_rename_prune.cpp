// mydocker rename and container prune.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/prune_prompt.hpp"
#include "cli/simple_command.hpp"
#include "common/human_format.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

int rename(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto res = c->request("POST", "/containers/" + percent_encode(a.positionals[0]) +
                                    "/rename?name=" + percent_encode(a.positionals[1]));
  return res ? 0 : report_error(res.error());
}

std::string filters_json(const ParsedArgs& a) {
  return filters_of(a).dump();
}

int prune(Invocation& inv, const ParsedArgs& a) {
  if (!a.has("force") && !confirmed("This will remove all stopped containers."))
    return 0;
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto report = c->request("POST", "/containers/prune?filters=" + percent_encode(filters_json(a)));
  if (!report)
    return report_error(report.error());
  json j = json::parse(report->body, nullptr, false);
  json deleted = j.is_object() ? j.value("ContainersDeleted", json()) : json();
  if (deleted.is_array() && !deleted.empty()) {
    std::cout << "Deleted Containers:\n";
    for (const auto& id : deleted)
      std::cout << id.get<std::string>() << "\n";
    std::cout << "\n";
  }
  double reclaimed = j.is_object() ? j.value("SpaceReclaimed", 0.0) : 0.0;
  std::cout << "Total reclaimed space: " << human_size(reclaimed) << "\n";
  return 0;
}

} // namespace

Command rename_command() {
  return simple_command({"rename", "CONTAINER NEW_NAME", "Rename a container", {}, ""}, {}, 2, 2,
                        rename);
}

Command container_prune_command() {
  return simple_command(
      {"container prune",
       "[OPTIONS]",
       "Remove all stopped containers",
       {{"    --filter filter", "Provide filter values (e.g. \"until=<timestamp>\")"},
        {"-f, --force", "Do not prompt for confirmation"}},
       ""},
      {{"", "filter", true}, {"f", "force", false}}, 0, 0, prune);
}

} // namespace mydocker::cli
