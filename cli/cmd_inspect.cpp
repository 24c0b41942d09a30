// mydocker inspect (containers, then images), container inspect and image inspect: the JSON
// array, or --format's Go template once per object.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/go_template.hpp"
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

// The line docker prints for a failed lookup.
Error lookup_error(const Error& e) {
  return Error{Errc::InvalidArgument, 0,
               e.code == Errc::Unavailable ? e.message
                                           : "Error response from daemon: " + e.message};
}

// One object by name (a container first unless the type says otherwise); errors are the
// lines docker prints.
Result<json> find_object(client::Client& c, const std::string& name, const std::string& type,
                         bool size) {
  if (type != "image") {
    auto found =
        c.get_json("/containers/" + percent_encode(name) + "/json" + (size ? "?size=1" : ""));
    if (found)
      return found;
    if (!type.empty() || found.error().code != Errc::NotFound)
      return tl::unexpected(lookup_error(found.error()));
  }
  auto found = c.get_json("/images/" + name + "/json");
  if (found)
    return found;
  if (!type.empty() || found.error().code != Errc::NotFound)
    return tl::unexpected(lookup_error(found.error()));
  return invalid_argument("Error: No such object: " + name);
}

bool known_type(const std::string& type) {
  if (type.empty() || type == "container" || type == "image")
    return true;
  std::cerr << "unknown type: \"" << type << "\": must be one of \"config\", \"container\", "
            << "\"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", "
            << "\"volume\"\n";
  return false;
}

// docker runs the template on its typed struct, then on the raw JSON if that fails; the
// second error is the one it shows.
void render_one(const tmpl::Template& t, const json& object, std::string& out,
                std::string& errors) {
  tmpl::Value data = tmpl::Value::parse(object.dump());
  auto text = t.execute(data);
  if (!text)
    text = t.execute(data, {"", true});
  if (text)
    out += *text + "\n";
  else
    errors += "template parsing error: " + text.error().message + "\n";
}

int run_inspect_type(Invocation& inv, const ParsedArgs& a, std::string type) {
  if (a.has("type"))
    type = a.last("type");
  if (!known_type(type))
    return 1;
  std::string format = a.last("format");
  bool templated = !format.empty() && format != "json";
  auto tmpl = tmpl::Template::parse(templated ? format : "");
  if (!tmpl) {
    std::cerr << "template parsing error: " << tmpl.error().message << "\n";
    return 64;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  json objects = json::array();
  std::string out, errors;
  for (const auto& name : a.positionals) {
    auto found = find_object(*c, name, type, a.has("size"));
    if (!found) {
      errors += found.error().message + "\n";
      continue;
    }
    objects.push_back(*found);
    if (templated)
      render_one(*tmpl, *found, out, errors);
  }
  if (!templated)
    out = (format == "json" ? objects.dump() : objects.dump(4)) + "\n";
  std::cout << (out.empty() ? "\n" : out); // docker prints a newline when nothing else
  std::cerr << errors;
  return errors.empty() ? 0 : 1;
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
