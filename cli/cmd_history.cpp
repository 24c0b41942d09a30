// mydocker history (image history): an image's layers as docker's historyContext prints them.
#include <ctime>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "cli/list_format.hpp"
#include "cli/ps_context.hpp"
#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const char* HUMAN_TABLE =
    "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
const char* PLAIN_TABLE = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

// time.Format(time.RFC3339) in the local zone.
std::string rfc3339_seconds(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  long off = tm.tm_gmtoff;
  if (off == 0)
    return std::string(buf) + "Z";
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", off < 0 ? '-' : '+', std::labs(off) / 3600,
                std::labs(off) % 3600 / 60);
  return buf + std::string(zone);
}

tmpl::Value history_context(const json& layer, bool human, bool trunc) {
  std::string id = layer.value("Id", "");
  if (trunc && id.rfind("sha256:", 0) == 0)
    id = id.substr(7, 12);
  int64_t created = layer.value("Created", int64_t{0});
  int64_t size = layer.value("Size", int64_t{0});
  std::string by = layer.value("CreatedBy", "");
  for (auto& c : by)
    if (c == '\t')
      c = ' ';
  std::string created_at = rfc3339_seconds(created);
  tmpl::Value ctx = tmpl::Value::object();
  ctx["Comment"] = layer.value("Comment", "");
  ctx["CreatedAt"] = created_at;
  ctx["CreatedBy"] = trunc ? ellipsis(by, 45) : by;
  ctx["CreatedSince"] =
      human ? human_duration(static_cast<int64_t>(std::time(nullptr)) - created) + " ago"
            : created_at;
  ctx["ID"] = id;
  ctx["Size"] = human ? human_size(static_cast<double>(size)) : std::to_string(size);
  return ctx;
}

int run_history(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto layers = c->get_json("/images/" + a.positionals[0] + "/history");
  if (!layers)
    return report_error(layers.error());
  bool human = a.last("human", "true") != "false";
  std::vector<tmpl::Value> rows;
  for (const auto& layer : *layers)
    rows.push_back(history_context(layer, human, !a.has("no-trunc")));
  ListFormat lf{a.last("format"),
                human ? HUMAN_TABLE : PLAIN_TABLE,
                "",
                "*formatter.historyContext",
                "template parsing error: ",
                "template parsing error: "};
  if (a.has("quiet"))
    lf.format = "{{.ID}}";
  tmpl::Value header{{"Comment", "COMMENT"},
                     {"CreatedAt", "CREATED AT"},
                     {"CreatedBy", "CREATED BY"},
                     {"CreatedSince", "CREATED"},
                     {"ID", "IMAGE"},
                     {"Size", "SIZE"}};
  return print_list(lf, rows, header);
}

} // namespace

Command history_command() {
  CommandSpec spec{
      "history",
      "[OPTIONS] IMAGE",
      "Show the history of an image",
      {{"    --format string", LIST_FORMAT_HELP},
       {"-H, --human", "Print sizes and dates in human readable format (default true)"},
       {"    --no-trunc", "Don't truncate output"},
       {"-q, --quiet", "Only show image IDs"}},
      "Commands"};
  return simple_command(
      spec,
      {{"", "format", true}, {"H", "human", false}, {"", "no-trunc", false}, {"q", "quiet", false}},
      1, 1, run_history);
}

} // namespace mydocker::cli
