// mydocker image prune.
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

std::string filters_json(const ParsedArgs& a) {
  nlohmann::json f = filters_of(a);
  if (a.has("all"))
    f["dangling"] = {{"false", true}};
  return f.dump();
}

int prune(Invocation& inv, const ParsedArgs& a) {
  std::string warning = a.has("all") ? "This will remove all images without at least one "
                                       "container associated to them."
                                     : "This will remove all dangling images.";
  if (!a.has("force") && !confirmed(warning))
    return 0;
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto report = c->request("POST", "/images/prune?filters=" + percent_encode(filters_json(a)));
  if (!report)
    return report_error(report.error());
  json j = json::parse(report->body, nullptr, false);
  json deleted = j.is_object() ? j.value("ImagesDeleted", json()) : json();
  if (deleted.is_array() && !deleted.empty()) {
    std::cout << "Deleted Images:\n";
    for (const auto& item : deleted)
      for (auto& [key, value] : item.items())
        std::cout << (key == "Untagged" ? "untagged: " : "deleted: ") << value.get<std::string>()
                  << "\n";
    std::cout << "\n";
  }
  double reclaimed = j.is_object() ? j.value("SpaceReclaimed", 0.0) : 0.0;
  std::cout << "Total reclaimed space: " << human_size(reclaimed) << "\n";
  return 0;
}

} // namespace

Command image_prune_command() {
  return simple_command({"image prune",
                         "[OPTIONS]",
                         "Remove unused images",
                         {{"-a, --all", "Remove all unused images, not just dangling ones"},
                          {"--filter filter", "Provide filter values (e.g. \"until=<timestamp>\")"},
                          {"-f, --force", "Do not prompt for confirmation"}},
                         ""},
                        {{"a", "all", false}, {"", "filter", true}, {"f", "force", false}}, 0, 0,
                        prune);
}

} // namespace mydocker::cli
