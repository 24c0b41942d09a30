// mydocker system df [-v] and system prune [-a] [--volumes] [--filter] [-f], printed as the
// docker CLI prints them (formatter/disk_usage.go, system/prune.go).
#include <ctime>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/list_format.hpp"
#include "cli/prune_prompt.hpp"
#include "cli/ps_context.hpp"
#include "cli/simple_command.hpp"
#include "common/human_format.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const char* const SUMMARY_TABLE =
    "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";

std::string size_text(int64_t bytes) {
  return human_size_4(static_cast<double>(bytes));
}

// "124B (100%)" when there is anything at all, as docker's Reclaimable columns.
std::string reclaimable_text(int64_t reclaimable, int64_t total) {
  if (total <= 0)
    return size_text(reclaimable);
  return size_text(reclaimable) + " (" + std::to_string(reclaimable * 100 / total) + "%)";
}

json array_of(const json& usage, const char* key) {
  auto it = usage.find(key);
  return it != usage.end() && it->is_array() ? *it : json::array();
}

tmpl::Value summary_row(const std::string& type, size_t total, int64_t active, int64_t size,
                        std::string reclaimable) {
  return tmpl::Value{{"Type", type},
                     {"TotalCount", std::to_string(total)},
                     {"Active", std::to_string(active)},
                     {"Size", size_text(size)},
                     {"Reclaimable", std::move(reclaimable)}};
}

bool is_active(const json& c) {
  std::string state = c.value("State", "");
  return state == "running" || state == "paused" || state == "restarting";
}

std::vector<tmpl::Value> summary_rows(const json& usage) {
  json images = array_of(usage, "Images"), containers = array_of(usage, "Containers"),
       volumes = array_of(usage, "Volumes");
  int64_t images_size = usage.value("LayersSize", int64_t{0}), used = 0, active_images = 0;
  for (const auto& i : images)
    if (i.value("Containers", 0) > 0) {
      ++active_images;
      used += i.value("Size", int64_t{0}) - i.value("SharedSize", int64_t{0});
    }
  int64_t rw = 0, rw_idle = 0, running = 0;
  for (const auto& c : containers) {
    rw += c.value("SizeRw", int64_t{0});
    rw_idle += is_active(c) ? 0 : c.value("SizeRw", int64_t{0});
    running += is_active(c) ? 1 : 0;
  }
  int64_t vol_size = 0, vol_idle = 0, vol_active = 0;
  for (const auto& v : volumes) {
    json u = v.value("UsageData", json::object());
    int64_t size = std::max<int64_t>(u.value("Size", int64_t{0}), 0);
    vol_size += size;
    vol_idle += u.value("RefCount", int64_t{0}) > 0 ? 0 : size;
    vol_active += u.value("RefCount", int64_t{0}) > 0 ? 1 : 0;
  }
  return {summary_row("Images", images.size(), active_images, images_size,
                      reclaimable_text(images_size - used, images_size)),
          summary_row("Containers", containers.size(), running, rw, reclaimable_text(rw_idle, rw)),
          summary_row("Local Volumes", volumes.size(), vol_active, vol_size,
                      reclaimable_text(vol_idle, vol_size)),
          summary_row("Build Cache", 0, 0, 0, size_text(0))};
}

tmpl::Value summary_header() {
  return tmpl::Value{{"Type", "TYPE"},
                     {"TotalCount", "TOTAL"},
                     {"Active", "ACTIVE"},
                     {"Size", "SIZE"},
                     {"Reclaimable", "RECLAIMABLE"}};
}

tmpl::Value image_row(const json& i) {
  std::string repo = "<none>", tag = "<none>";
  json tags = i.value("RepoTags", json::array());
  if (tags.is_array() && !tags.empty() && tags[0].get<std::string>() != "<none>:<none>") {
    std::string first = tags[0].get<std::string>();
    size_t colon = first.rfind(':');
    repo = first.substr(0, colon);
    tag = colon == std::string::npos ? "" : first.substr(colon + 1);
  }
  std::string id = i.value("Id", "");
  id = id.substr(id.find(':') == std::string::npos ? 0 : id.find(':') + 1, 12);
  int64_t size = i.value("Size", int64_t{0}), shared = i.value("SharedSize", int64_t{0});
  int64_t created = i.value("Created", int64_t{0});
  return tmpl::Value{
      {"Repository", repo},
      {"Tag", tag},
      {"ID", id},
      {"CreatedSince", human_duration(static_cast<int64_t>(std::time(nullptr)) - created) + " ago"},
      {"Size", human_size(static_cast<double>(size))},
      {"SharedSize", shared < 0 ? "N/A" : size_text(shared)},
      {"UniqueSize", size_text(size - std::max<int64_t>(shared, 0))},
      {"Containers", std::to_string(i.value("Containers", 0))}};
}

int print_section(const std::string& title, const std::string& table,
                  const std::vector<tmpl::Value>& rows, const tmpl::Value& header) {
  std::cout << title << "\n\n" << std::flush;
  ListFormat lf{table, table, "", "*formatter.diskUsageContext"};
  int rc = print_list(lf, rows, header);
  std::cout << "\n";
  return rc;
}

// df -v's container rows: ps's columns, SIZE only the writable layer.
std::vector<tmpl::Value> container_rows(const json& usage) {
  std::vector<tmpl::Value> rows;
  ContainerContextOptions o;
  o.now = static_cast<int64_t>(std::time(nullptr));
  for (const auto& c : array_of(usage, "Containers")) {
    tmpl::Value row = container_context(c, o);
    row["Size"] = human_size(static_cast<double>(c.value("SizeRw", int64_t{0})));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<tmpl::Value> volume_rows(const json& usage) {
  std::vector<tmpl::Value> rows;
  for (const auto& v : array_of(usage, "Volumes")) {
    json u = v.value("UsageData", json::object());
    int64_t size = u.value("Size", int64_t{-1});
    rows.push_back(tmpl::Value{{"Name", v.value("Name", "")},
                               {"Links", std::to_string(u.value("RefCount", 0))},
                               {"Size", size < 0 ? "N/A" : size_text(size)}});
  }
  return rows;
}

int print_verbose(const json& usage) {
  std::vector<tmpl::Value> images, containers = container_rows(usage), volumes = volume_rows(usage);
  for (const auto& i : array_of(usage, "Images"))
    images.push_back(image_row(i));
  print_section("Images space usage:",
                "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t"
                "{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
                images,
                tmpl::Value{{"Repository", "REPOSITORY"},
                            {"Tag", "TAG"},
                            {"ID", "IMAGE ID"},
                            {"CreatedSince", "CREATED"},
                            {"Size", "SIZE"},
                            {"SharedSize", "SHARED SIZE"},
                            {"UniqueSize", "UNIQUE SIZE"},
                            {"Containers", "CONTAINERS"}});
  tmpl::Value header = container_header({});
  header["LocalVolumes"] = "LOCAL VOLUMES";
  header["RunningFor"] = "CREATED";
  print_section("Containers space usage:",
                "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t"
                "{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
                containers, header);
  print_section("Local Volumes space usage:", "table {{.Name}}\t{{.Links}}\t{{.Size}}", volumes,
                tmpl::Value{{"Name", "VOLUME NAME"}, {"Links", "LINKS"}, {"Size", "SIZE"}});
  std::cout << "Build cache usage: 0B\n\n"
            << "CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n";
  return 0;
}

int run_df(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto usage = c->get_json("/system/df");
  if (!usage)
    return report_error(usage.error());
  if (a.has("verbose"))
    return print_verbose(*usage);
  ListFormat lf{a.last("format"), SUMMARY_TABLE, "", "*formatter.diskUsageContext"};
  return print_list(lf, summary_rows(*usage), summary_header());
}

std::string prune_warning(const ParsedArgs& a) {
  bool all = a.has("all");
  std::string w = "This will remove:\n  - all stopped containers\n"
                  "  - all networks not used by at least one container\n";
  if (a.has("volumes"))
    w += "  - all anonymous volumes not used by at least one container\n";
  w += all ? "  - all images without at least one container associated to them\n"
           : "  - all dangling images\n";
  w += all ? "  - all build cache\n" : "  - unused build cache\n";
  return w;
}

// One prune request; its "Deleted X:" block (docker prints it followed by a blank line).
Result<int64_t> prune_step(client::Client& c, const std::string& path, const json& filters,
                           const std::string& title, const char* list_key) {
  auto res = c.request("POST", path + "?filters=" + percent_encode(filters.dump()));
  if (!res)
    return tl::unexpected(res.error());
  json j = json::parse(res->body, nullptr, false);
  json deleted = j.is_object() ? j.value(list_key, json()) : json();
  if (deleted.is_array() && !deleted.empty()) {
    std::cout << title << "\n";
    for (const auto& item : deleted) {
      if (item.is_string())
        std::cout << item.get<std::string>() << "\n";
      else
        for (auto& [key, value] : item.items())
          std::cout << (key == "Untagged" ? "untagged: " : "deleted: ") << value.get<std::string>()
                    << "\n";
    }
    std::cout << "\n";
  }
  return j.is_object() ? j.value("SpaceReclaimed", int64_t{0}) : 0;
}

int run_prune(Invocation& inv, const ParsedArgs& a) {
  if (!a.has("force") && !confirmed(prune_warning(a)))
    return 0;
  client::Client* c = inv.client();
  if (!c)
    return 1;
  json filters = filters_of(a);
  json image_filters = filters;
  if (a.has("all"))
    image_filters["dangling"] = {{"false", true}};
  int64_t total = 0;
  // No network or build-cache objects exist in this engine: those steps delete nothing.
  auto containers =
      prune_step(*c, "/containers/prune", filters, "Deleted Containers:", "ContainersDeleted");
  if (!containers)
    return report_error(containers.error());
  total += *containers;
  if (a.has("volumes")) {
    auto volumes = prune_step(*c, "/volumes/prune", filters, "Deleted Volumes:", "VolumesDeleted");
    if (!volumes)
      return report_error(volumes.error());
    total += *volumes;
  }
  auto images = prune_step(*c, "/images/prune", image_filters, "Deleted Images:", "ImagesDeleted");
  if (!images)
    return report_error(images.error());
  total += *images;
  std::cout << "Total reclaimed space: " << human_size(static_cast<double>(total)) << "\n";
  return 0;
}

} // namespace

std::vector<Command> system_commands() {
  std::vector<Command> out;
  out.push_back(simple_command({"system df",
                                "[OPTIONS]",
                                "Show docker disk usage",
                                {{"    --format string", "Format output using a custom template"},
                                 {"-v, --verbose", "Show detailed information on space usage"}},
                                "Commands"},
                               {{"", "format", true}, {"v", "verbose", false}}, 0, 0, run_df));
  out.push_back(simple_command(
      {"system prune",
       "[OPTIONS]",
       "Remove unused data",
       {{"-a, --all", "Remove all unused images not just dangling ones"},
        {"    --filter filter", "Provide filter values (e.g. \"label=<key>=<value>\")"},
        {"-f, --force", "Do not prompt for confirmation"},
        {"    --volumes", "Prune anonymous volumes"}},
       "Commands"},
      {{"a", "all", false}, {"", "filter", true}, {"f", "force", false}, {"", "volumes", false}}, 0,
      0, run_prune));
  return out;
}

} // namespace mydocker::cli
