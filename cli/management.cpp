#include "cli/management.hpp"

#include <algorithm>
#include <iostream>

namespace mydocker::cli {

namespace {

// One alias family: the management names first, then the top-level one (docker's order).
// The first name of a group's subcommand is the one its help lists.
const std::vector<std::vector<std::string>>& alias_families() {
  static const std::vector<std::vector<std::string>> families = {
      {"container ls", "container list", "container ps", "ps"},
      {"container run", "run"},
      {"container create", "create"},
      {"container start", "start"},
      {"container stop", "stop"},
      {"container restart", "restart"},
      {"container kill", "kill"},
      {"container pause", "pause"},
      {"container unpause", "unpause"},
      {"container rm", "container remove", "rm"},
      {"container logs", "logs"},
      {"container exec", "exec"},
      {"container top", "top"},
      {"container attach", "attach"},
      {"container wait", "wait"},
      {"container rename", "rename"},
      {"container cp", "cp"},
      {"system info", "info"},
      {"image ls", "image list", "images"},
      {"image rm", "image remove", "rmi"},
      {"image tag", "tag"},
      {"image import", "import"},
      {"image history", "history"},
  };
  return families;
}

const std::vector<std::string>* family_of(const std::string& name) {
  for (const auto& f : alias_families())
    if (std::find(f.begin(), f.end(), name) != f.end())
      return &f;
  return nullptr;
}

} // namespace

const std::vector<ManagementGroup>& management_groups() {
  static const std::vector<ManagementGroup> groups = {{"container", "Manage containers"},
                                                      {"image", "Manage images"},
                                                      {"volume", "Manage volumes"},
                                                      {"network", "Manage networks"},
                                                      {"system", "Manage Docker"}};
  return groups;
}

const Command* resolve_management(const std::string& group, const std::string& sub) {
  std::string name = group + " " + sub;
  if (const Command* own = find_command(name)) // container inspect, container prune
    return own;
  const auto* family = family_of(name);
  return family ? find_command(family->back()) : nullptr;
}

std::vector<std::string> aliases_of(const std::string& invoked) {
  const auto* family = family_of(invoked);
  return family ? *family : std::vector<std::string>{};
}

void print_group_help(const ManagementGroup& group) {
  std::vector<std::pair<std::string, std::string>> subs; // name, description
  auto add = [&](const std::string& name, const Command* c) {
    bool listed = std::any_of(subs.begin(), subs.end(), [&](auto& s) { return s.first == name; });
    if (c && !listed)
      subs.emplace_back(name, c->spec.description);
  };
  std::string prefix = group.name + " ";
  for (const auto& f : alias_families())
    if (f[0].rfind(prefix, 0) == 0)
      add(f[0].substr(prefix.size()), find_command(f.back()));
  for (const auto& c : commands())
    if (c.spec.name.rfind(prefix, 0) == 0)
      add(c.spec.name.substr(prefix.size()), &c);
  std::sort(subs.begin(), subs.end());
  std::cout << "Usage:  mydocker " << group.name << " COMMAND\n\n" << group.description << "\n\n";
  std::cout << "Commands:\n";
  for (const auto& [name, text] : subs)
    std::cout << "  " << name << std::string(name.size() < 11 ? 11 - name.size() : 0, ' ') << " "
              << text << "\n";
  std::cout << "\nRun 'mydocker " << group.name
            << " COMMAND --help' for more information on a command.\n";
}

} // namespace mydocker::cli
