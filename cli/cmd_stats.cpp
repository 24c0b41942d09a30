// mydocker stats: a live table redrawn each second on a terminal, one table with --no-stream.
// Each round asks every container for one stream=false answer (two samples a second apart,
// so CPU % is real), in parallel, so a round takes about a second whatever the count.
#include <unistd.h>

#include <iostream>
#include <thread>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/list_format.hpp"
#include "cli/simple_command.hpp"
#include "cli/stats_context.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

struct Target {
  std::string arg; // as the user named it (the ID when listed)
  json stats;
  std::optional<Error> error;
};

// The running containers (every one with -a), as `docker stats` without arguments.
Result<std::vector<Target>> listed_targets(client::Client& c, bool all) {
  json list = TRY(c.get_json(std::string("/containers/json") + (all ? "?all=1" : "")));
  std::vector<Target> out;
  for (const auto& item : list)
    out.push_back({item.value("Id", "").substr(0, 12), {}, {}});
  return out;
}

void fetch_one(const std::string& host, Target& t) {
  auto c = client::Client::create(host);
  if (c)
    if (auto n = c->negotiate(); !n)
      c = tl::unexpected(n.error());
  if (!c) {
    t.error = c.error();
    return;
  }
  auto got = c->get_json("/containers/" + percent_encode(t.arg) + "/stats?stream=0");
  if (got)
    t.stats = std::move(*got);
  else
    t.error = got.error();
}

void fetch_round(const std::string& host, std::vector<Target>& targets) {
  std::vector<std::thread> threads;
  for (auto& t : targets)
    threads.emplace_back([&host, &t] { fetch_one(host, t); });
  for (auto& th : threads)
    th.join();
}

// Prints one table; false (after the error) when a named container is missing.
bool print_round(const ListFormat& lf, const std::vector<Target>& targets, bool no_trunc) {
  std::vector<tmpl::Value> rows;
  for (const auto& t : targets) {
    if (t.error) {
      report_error(*t.error);
      return false;
    }
    rows.push_back(stats_context(t.stats, t.arg, no_trunc));
  }
  return print_list(lf, rows, stats_header()) == 0;
}

int run_stats(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  ListFormat lf{a.last("format"),
                STATS_TABLE,
                "",
                "*formatter.statsContext",
                "template parsing error: ",
                "template parsing error: "};
  bool listed = a.positionals.empty();
  bool live = !a.has("no-stream");
  bool terminal = ::isatty(STDOUT_FILENO) == 1;
  for (;;) {
    std::vector<Target> targets;
    if (listed) {
      auto found = listed_targets(*c, a.has("all"));
      if (!found)
        return report_error(found.error());
      targets = std::move(*found);
    } else {
      for (const auto& p : a.positionals)
        targets.push_back({p, {}, {}});
    }
    fetch_round(c->host(), targets);
    if (live && terminal)
      std::cout << "\033[2J\033[H"; // redraw in place, as docker does on a terminal
    if (!print_round(lf, targets, a.has("no-trunc")))
      return 1;
    std::cout.flush();
    if (!live)
      return 0;
  }
}

} // namespace

Command stats_command() {
  CommandSpec spec{"stats",
                   "[OPTIONS] [CONTAINER...]",
                   "Display a live stream of container(s) resource usage statistics",
                   {{"-a, --all", "Show all containers (default shows just running)"},
                    {"    --format string", LIST_FORMAT_HELP},
                    {"    --no-stream", "Disable streaming stats and only pull the first result"},
                    {"    --no-trunc", "Do not truncate output"}},
                   "Commands"};
  std::vector<FlagSpec> flags = {
      {"a", "all", false}, {"", "format", true}, {"", "no-stream", false}, {"", "no-trunc", false}};
  return simple_command(spec, flags, 0, ANY, run_stats);
}

} // namespace mydocker::cli
