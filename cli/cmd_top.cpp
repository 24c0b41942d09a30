// mydocker top CONTAINER [ps OPTIONS]: the container's processes, laid out as the docker CLI
// does (text/tabwriter: minwidth 20, padding 3).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

std::string layout(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows)
    for (size_t i = 0; i + 1 < row.size(); ++i) { // the last cell is not aligned
      widths.resize(std::max(widths.size(), i + 1), 20);
      widths[i] = std::max(widths[i], row[i].size() + 3);
    }
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i)
      out += i + 1 < row.size() ? row[i] + std::string(widths[i] - row[i].size(), ' ') : row[i];
    out += "\n";
  }
  return out;
}

int run_top(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string path = "/containers/" + percent_encode(a.positionals[0]) + "/top";
  std::string ps_args;
  for (size_t i = 1; i < a.positionals.size(); ++i)
    ps_args += (i > 1 ? " " : "") + a.positionals[i];
  if (!ps_args.empty())
    path += "?ps_args=" + percent_encode(ps_args);
  auto top = c->get_json(path);
  if (!top)
    return report_error(top.error());
  std::vector<std::vector<std::string>> rows;
  rows.push_back(top->value("Titles", std::vector<std::string>{}));
  for (const auto& p : top->value("Processes", json::array()))
    rows.push_back(p.get<std::vector<std::string>>());
  std::cout << layout(rows);
  return 0;
}

} // namespace

Command top_command() {
  CommandSpec spec{"top",
                   "CONTAINER [ps OPTIONS]",
                   "Display the running processes of a container",
                   {},
                   "Commands"};
  return {spec, [spec_as_registered = spec](Invocation& inv) {
            CommandSpec spec = inv.shown_spec(spec_as_registered);
            const auto& all = inv.args();
            if (!all.empty() && wants_help(spec, {all.front()}))
              return 0;
            ParsedArgs args;
            args.positionals = all; // ps options are passed on as typed
            if (args.positionals.empty())
              return arg_count_error(spec, 1, SIZE_MAX);
            return run_top(inv, args);
          }};
}

} // namespace mydocker::cli
