#include "cli/inspect_objects.hpp"

#include <iostream>

#include "cli/go_template.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

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

} // namespace

Error daemon_lookup_error(const Error& e) {
  return Error{Errc::InvalidArgument, 0,
               e.code == Errc::Unavailable ? e.message
                                           : "Error response from daemon: " + e.message};
}

ObjectFinder find_in(std::string collection) {
  return [collection](client::Client& c, const std::string& name) -> Result<json> {
    auto found = c.get_json(collection + "/" + percent_encode(name));
    if (!found)
      return tl::unexpected(daemon_lookup_error(found.error()));
    return found;
  };
}

int inspect_objects(Invocation& inv, const ParsedArgs& a, const ObjectFinder& find) {
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
    auto found = find(*c, name);
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

} // namespace mydocker::cli
