// mydocker import, tag, rmi.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/json_messages.hpp"
#include "cli/simple_command.hpp"
#include "common/atomic_file.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

// "repo[:tag]" -> query "repo=..&tag=.." (a ':' after the last '/' starts the tag).
std::string repo_tag_query(const std::string& ref) {
  size_t slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
    return "repo=" + percent_encode(ref.substr(0, colon)) +
           "&tag=" + percent_encode(ref.substr(colon + 1));
  return "repo=" + percent_encode(ref) + "&tag=";
}

Result<std::string> read_source(const std::string& source) {
  if (source != "-")
    return read_file(source);
  std::ostringstream in;
  in << std::cin.rdbuf();
  return in.str();
}

int run_import(Invocation& inv, const ParsedArgs& args) {
  auto tar = read_source(args.positionals[0]);
  if (!tar) {
    std::cerr << "open " << args.positionals[0] << ": no such file or directory\n";
    return 1;
  }
  std::string query = "fromSrc=-";
  if (args.positionals.size() > 1)
    query += "&" + repo_tag_query(args.positionals[1]);
  for (const auto& change : args.all("change"))
    query += "&changes=" + percent_encode(change);
  if (args.has("message"))
    query += "&message=" + percent_encode(args.last("message"));
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto res = c->request("POST", "/images/create?" + query, *tar, "application/x-tar");
  if (!res)
    return report_error(res.error());
  return print_json_messages(res->body, "status");
}

int run_tag(Invocation& inv, const ParsedArgs& args) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto res = c->request("POST", "/images/" + args.positionals[0] + "/tag?" +
                                    repo_tag_query(args.positionals[1]));
  return res ? 0 : report_error(res.error());
}

int run_rmi(Invocation& inv, const ParsedArgs& args) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  int status = 0;
  std::string query = std::string("?force=") + (args.has("force") ? "1" : "0") +
                      (args.has("no-prune") ? "&noprune=1" : "");
  for (const auto& name : args.positionals) {
    auto res = c->request("DELETE", "/images/" + name + query);
    if (!res) {
      status = report_error(res.error());
      continue;
    }
    for (const auto& item : json::parse(res->body, nullptr, false))
      for (auto& [key, value] : item.items())
        std::cout << key << ": " << value.get<std::string>() << "\n";
  }
  return status;
}

} // namespace

Command import_command() {
  return simple_command(
      {"import",
       "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
       "Import the contents from a tarball to create a filesystem image",
       {{"-c, --change list", "Apply Dockerfile instruction to the created image"},
        {"-m, --message string", "Set commit message for imported image"}},
       "Management Commands"},
      {{"c", "change", true}, {"m", "message", true}, {"", "platform", true}}, 1, 2, run_import);
}

Command tag_command() {
  return simple_command({"tag",
                         "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
                         "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
                         {},
                         "Management Commands"},
                        {}, 2, 2, run_tag);
}

Command rmi_command() {
  return simple_command({"rmi",
                         "[OPTIONS] IMAGE [IMAGE...]",
                         "Remove one or more images",
                         {{"-f, --force", "Force removal of the image"},
                          {"    --no-prune", "Do not delete untagged parents"}},
                         "Management Commands"},
                        {{"f", "force", false}, {"", "no-prune", false}}, 1, ANY, run_rmi);
}

} // namespace mydocker::cli
