// mydocker images: the image table (REPOSITORY TAG IMAGE ID CREATED SIZE) as docker prints it.
#include <ctime>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const std::vector<FlagSpec> FLAGS = {{"a", "all", false},
                                     {"q", "quiet", false},
                                     {"", "no-trunc", false},
                                     {"", "digests", false},
                                     {"f", "filter", true}};

std::string filters_json(const std::vector<std::string>& filters, const std::string& reference) {
  json out = json::object();
  for (const auto& f : filters) {
    size_t eq = f.find('=');
    out[f.substr(0, eq)][eq == std::string::npos ? "" : f.substr(eq + 1)] = true;
  }
  if (!reference.empty())
    out["reference"][reference] = true;
  return out.dump();
}

std::string image_id(const std::string& id, bool no_trunc) {
  if (no_trunc)
    return id;
  return id.substr(id.rfind(':') == std::string::npos ? 0 : id.rfind(':') + 1, 12);
}

void add_rows(Table& table, const json& image, const ParsedArgs& args) {
  std::vector<std::string> tags = image.value("RepoTags", std::vector<std::string>{});
  if (tags.empty())
    tags.push_back("<none>:<none>");
  int64_t age = static_cast<int64_t>(std::time(nullptr)) - image.value("Created", int64_t{0});
  std::string created = human_duration(age) + " ago";
  for (const auto& tag : tags) {
    size_t colon = tag.rfind(':');
    std::vector<std::string> row = {tag.substr(0, colon), tag.substr(colon + 1)};
    if (args.has("digests"))
      row.push_back("<none>");
    row.push_back(image_id(image.value("Id", ""), args.has("no-trunc")));
    row.push_back(created);
    row.push_back(human_size(static_cast<double>(image.value("Size", int64_t{0}))));
    table.add(row);
  }
}

int run_images(Invocation& inv, const ParsedArgs& args) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string reference = args.positionals.empty() ? "" : args.positionals[0];
  std::string path =
      "/images/json?filters=" + url_encode(filters_json(args.all("filter"), reference));
  if (args.has("all"))
    path += "&all=1";
  auto images = c->get_json(path);
  if (!images)
    return report_error(images.error());
  if (args.has("quiet")) {
    for (const auto& image : *images)
      std::cout << image_id(image.value("Id", ""), args.has("no-trunc")) << "\n";
    return 0;
  }
  std::vector<std::string> header = {"REPOSITORY", "TAG"};
  if (args.has("digests"))
    header.push_back("DIGEST");
  for (const char* h : {"IMAGE ID", "CREATED", "SIZE"})
    header.emplace_back(h);
  Table table(header);
  for (const auto& image : *images)
    add_rows(table, image, args);
  std::cout << table.render();
  return 0;
}

} // namespace

Command images_command() {
  CommandSpec spec{"images",
                   "[OPTIONS] [REPOSITORY[:TAG]]",
                   "List images",
                   {{"-a, --all", "Show all images (default hides intermediate images)"},
                    {"    --digests", "Show digests"},
                    {"-f, --filter filter", "Filter output based on conditions provided"},
                    {"    --no-trunc", "Don't truncate output"},
                    {"-q, --quiet", "Only show image IDs"}},
                   "Common Commands"};
  return simple_command(spec, FLAGS, 0, 1, run_images);
}

} // namespace mydocker::cli
