// mydocker inspect (containers, then images), container inspect and image inspect: the JSON
// array, or --format's Go template once per object.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/inspect_objects.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

const char* FORMAT_HELP =
    "Format output using a custom template:\n'json':             Print in JSON format\n"
    "'TEMPLATE':         Print output using the given Go template.\nRefer to "
    "https://docs.docker.com/go/formatting/ for more information about formatting output with "
    "templates";

Result<json> find_object(client::Client& c, const std::string& name, const std::string& type,
                         bool size) {
  if (type == "volume") {
    auto found = c.get_json("/volumes/" + percent_encode(name));
    if (!found)
      return tl::unexpected(daemon_lookup_error(found.error()));
    return found;
  }
  if (type != "image") {
    auto found =
        c.get_json("/containers/" + percent_encode(name) + "/json" + (size ? "?size=1" : ""));
    if (found)
      return found;
    if (!type.empty() || found.error().code != Errc::NotFound)
      return tl::unexpected(daemon_lookup_error(found.error()));
  }
  auto found = c.get_json("/images/" + name + "/json");
  if (found)
    return found;
  if (!type.empty() || found.error().code != Errc::NotFound)
    return tl::unexpected(daemon_lookup_error(found.error()));
  return invalid_argument("Error: No such object: " + name);
}

bool known_type(const std::string& type) {
  if (type.empty() || type == "container" || type == "image" || type == "volume")
    return true;
  std::cerr << "unknown type: \"" << type << "\": must be one of \"config\", \"container\", "
            << "\"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", "
            << "\"volume\"\n";
  return false;
}

int run_inspect_type(Invocation& inv, const ParsedArgs& a, std::string type) {
  if (a.has("type"))
    type = a.last("type");
  if (!known_type(type))
    return 1;
  bool size = a.has("size");
  return inspect_objects(inv, a, [&](client::Client& c, const std::string& name) {
    return find_object(c, name, type, size);
  });
}

Command inspect_variant(CommandSpec spec, std::vector<FlagSpec> flags, const std::string& type) {
  return simple_command(spec, flags, 1, ANY, [type](Invocation& inv, const ParsedArgs& a) {
    return run_inspect_type(inv, a, type);
  });
}

} // namespace

Command inspect_command() {
  return inspect_variant({"inspect",
                          "[OPTIONS] NAME|ID [NAME|ID...]",
                          "Return low-level information on Docker objects",
                          {{"-f, --format string", FORMAT_HELP},
                           {"-s, --size", "Display total file sizes if the type is container"},
                           {"    --type string", "Only inspect objects of the given type"}},
                          "Common Commands"},
                         {{"f", "format", true}, {"s", "size", false}, {"", "type", true}}, "");
}

Command container_inspect_command() {
  return inspect_variant(
      {"container inspect",
       "[OPTIONS] CONTAINER [CONTAINER...]",
       "Display detailed information on one or more containers",
       {{"-f, --format string", FORMAT_HELP}, {"-s, --size", "Display total file sizes"}},
       "Container Commands"},
      {{"f", "format", true}, {"s", "size", false}}, "container");
}

Command image_inspect_command() {
  return inspect_variant({"image inspect",
                          "[OPTIONS] IMAGE [IMAGE...]",
                          "Display detailed information on one or more images",
                          {{"-f, --format string", FORMAT_HELP}},
                          "Image Commands"},
                         {{"f", "format", true}}, "image");
}

} // namespace mydocker::cli
