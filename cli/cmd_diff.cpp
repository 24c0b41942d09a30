// mydocker diff: the files a container changed ("C /etc", "A /tmp/x", "D /bin/ls").
#include <iostream>

#include "cli/commands.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

int run_diff(Invocation& inv, const ParsedArgs& a) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto changes = c->get_json("/containers/" + percent_encode(a.positionals[0]) + "/changes");
  if (!changes)
    return report_error(changes.error());
  if (!changes->is_array())
    return 0;
  static const char kinds[] = {'C', 'A', 'D'};
  for (const auto& change : *changes) {
    int kind = change.value("Kind", 0);
    std::cout << (kind >= 0 && kind <= 2 ? kinds[kind] : '?') << " " << change.value("Path", "")
              << "\n";
  }
  return 0;
}

} // namespace

Command diff_command() {
  CommandSpec spec{"diff",
                   "CONTAINER",
                   "Inspect changes to files or directories on a container's "
                   "filesystem",
                   {},
                   "Commands"};
  return simple_command(spec, {}, 1, 1, run_diff);
}

} // namespace mydocker::cli
