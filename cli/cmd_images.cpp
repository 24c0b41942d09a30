// mydocker images: the image table (REPOSITORY TAG IMAGE ID CREATED SIZE) as docker prints
// it, or --format's template per tag.
#include <ctime>
#include <iostream>

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

const std::vector<FlagSpec> FLAGS = {{"a", "all", false},     {"q", "quiet", false},
                                     {"", "no-trunc", false}, {"", "digests", false},
                                     {"f", "filter", true},   {"", "format", true}};

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

const char* TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}"
                    "{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
const char* TABLE_DIGESTS = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if "
                            ".CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";

std::string raw_format(bool digests) {
  return std::string("repository: {{ .Repository }}\ntag: {{.Tag}}\n") +
         (digests ? "digest: {{.Digest}}\n" : "") +
         "image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
}

// docker's formatter.imageContext for one RepoTag of an image (keys in Go's map order).
tmpl::Value image_context(const json& image, const std::string& tag, bool no_trunc) {
  size_t colon = tag.rfind(':');
  int64_t created = image.value("Created", int64_t{0});
  int64_t size = image.value("Size", int64_t{0});
  int64_t shared = image.value("SharedSize", int64_t{-1});
  int64_t containers = image.value("Containers", int64_t{-1});
  tmpl::Value ctx = tmpl::Value::object();
  ctx["Containers"] = containers < 0 ? "N/A" : std::to_string(containers);
  ctx["CreatedAt"] = go_time_string(created);
  ctx["CreatedSince"] = human_duration(static_cast<int64_t>(std::time(nullptr)) - created) + " ago";
  ctx["Digest"] = "<none>";
  ctx["ID"] = image_id(image.value("Id", ""), no_trunc);
  ctx["Repository"] = tag.substr(0, colon);
  ctx["SharedSize"] = shared < 0 ? "N/A" : human_size_4(static_cast<double>(shared));
  ctx["Size"] = human_size(static_cast<double>(size));
  ctx["Tag"] = tag.substr(colon + 1);
  ctx["UniqueSize"] = shared < 0 ? "N/A" : human_size_4(static_cast<double>(size - shared));
  ctx["VirtualSize"] = human_size_4(static_cast<double>(size));
  return ctx;
}

tmpl::Value image_header() {
  return tmpl::Value{{"Containers", "CONTAINERS"},
                     {"CreatedAt", "CREATED AT"},
                     {"CreatedSince", "CREATED"},
                     {"Digest", "DIGEST"},
                     {"ID", "IMAGE ID"},
                     {"Repository", "REPOSITORY"},
                     {"SharedSize", "SHARED SIZE"},
                     {"Size", "SIZE"},
                     {"Tag", "TAG"},
                     {"UniqueSize", "UNIQUE SIZE"},
                     {"VirtualSize", "SIZE"}};
}

ListFormat images_format(const ParsedArgs& args) {
  bool digests = args.has("digests");
  ListFormat lf{args.last("format"),        digests ? TABLE_DIGESTS : TABLE,
                raw_format(digests),        "*formatter.imageContext",
                "template parsing error: ", "template parsing error: "};
  if (lf.format.empty() && args.has("quiet")) // docker: a format wins over -q
    lf.format = "{{.ID}}";
  return lf;
}

int run_images(Invocation& inv, const ParsedArgs& args) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string reference = args.positionals.empty() ? "" : args.positionals[0];
  std::string path =
      "/images/json?filters=" + percent_encode(filters_json(args.all("filter"), reference));
  if (args.has("all"))
    path += "&all=1";
  auto images = c->get_json(path);
  if (!images)
    return report_error(images.error());
  std::vector<tmpl::Value> rows;
  for (const auto& image : *images) {
    std::vector<std::string> tags = image.value("RepoTags", std::vector<std::string>{});
    if (tags.empty())
      tags.push_back("<none>:<none>");
    for (const auto& tag : tags)
      rows.push_back(image_context(image, tag, args.has("no-trunc")));
  }
  return print_list(images_format(args), rows, image_header());
}

} // namespace

Command images_command() {
  CommandSpec spec{"images",
                   "[OPTIONS] [REPOSITORY[:TAG]]",
                   "List images",
                   {{"-a, --all", "Show all images (default hides intermediate images)"},
                    {"    --digests", "Show digests"},
                    {"-f, --filter filter", "Filter output based on conditions provided"},
                    {"    --format string", LIST_FORMAT_HELP},
                    {"    --no-trunc", "Don't truncate output"},
                    {"-q, --quiet", "Only show image IDs"}},
                   "Common Commands"};
  return simple_command(spec, FLAGS, 0, 1, run_images);
}

} // namespace mydocker::cli
