// mydocker history: IMAGE CREATED CREATED BY SIZE COMMENT, newest first, as docker prints it.
#include <ctime>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

std::string short_image_id(const std::string& id, bool no_trunc) {
  if (no_trunc || id.rfind("sha256:", 0) != 0)
    return id;
  return id.substr(7, 12);
}

// docker's Ellipsis(s, 45): at most 45 characters, the last one "…" when cut.
std::string ellipsis(const std::string& text, size_t width) {
  std::vector<size_t> starts; // byte offset of each UTF-8 character
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  if (starts.size() <= width)
    return text;
  return text.substr(0, starts[width - 1]) + "\u2026";
}

int run_history(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto history = c->get_json("/images/" + a.positionals[0] + "/history");
  if (!history)
    return report_error(history.error());
  bool no_trunc = a.has("no-trunc");
  bool human = a.last("human", "true") != "false";
  if (a.has("quiet")) {
    for (const auto& h : *history)
      std::cout << short_image_id(h.value("Id", ""), no_trunc) << "\n";
    return 0;
  }
  Table table({"IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"});
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  for (const auto& h : *history) {
    std::string created_by = h.value("CreatedBy", "");
    for (auto& ch : created_by)
      ch = ch == '\t' ? ' ' : ch;
    int64_t created = h.value("Created", int64_t{0});
    int64_t size = h.value("Size", int64_t{0});
    table.add({short_image_id(h.value("Id", ""), no_trunc),
               human ? human_duration(now - created) + " ago" : std::to_string(created),
               no_trunc ? created_by : ellipsis(created_by, 45),
               human ? human_size(static_cast<double>(size)) : std::to_string(size),
               h.value("Comment", "")});
  }
  std::cout << table.render();
  return 0;
}

} // namespace

Command history_command() {
  return simple_command({"history",
                         "[OPTIONS] IMAGE",
                         "Show the history of an image",
                         {{"-H, --human", "Print sizes and dates in human readable format"
                                          " (default true)"},
                          {"    --no-trunc", "Don't truncate output"},
                          {"-q, --quiet", "Only show image IDs"}},
                         "Commands"},
                        {{"H", "human", false}, {"", "no-trunc", false}, {"q", "quiet", false}}, 1,
                        1, run_history);
}

} // namespace mydocker::cli
