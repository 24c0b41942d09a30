// mydocker events: the daemon's event stream, printed as the docker CLI does.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/go_template.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"
#include "common/time_format.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

// docker's "seconds.nanoseconds" form of --since/--until (relative values from this clock).
Result<std::string> timestamp_query(const std::string& text) {
  auto t = parse_timestamp_arg(text, now_unix_nanos());
  if (!t)
    return invalid_argument("failed to parse value as time or duration: \"" + text + "\"");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%09lld", static_cast<long long>(*t / 1000000000),
                static_cast<long long>(*t % 1000000000));
  return std::string(buf);
}

Result<std::string> events_query(const ParsedArgs& a) {
  std::string q = "?";
  for (const char* key : {"since", "until"})
    if (a.has(key))
      q += std::string(key) + "=" + TRY(timestamp_query(a.last(key))) + "&";
  json filters = json::object();
  for (const auto& f : a.all("filter")) {
    size_t eq = f.find('=');
    if (eq == std::string::npos)
      return invalid_argument("bad format of filter (expected name=value)");
    filters[f.substr(0, eq)][f.substr(eq + 1)] = true;
  }
  if (!filters.empty())
    q += "filters=" + percent_encode(filters.dump());
  return q;
}

// "<time> container create <id> (image=busybox, name=x)": attributes sorted by key.
std::string pretty_event(const json& e) {
  std::string out = format_rfc3339_fixed9(e.value("timeNano", int64_t{0})) + " " +
                    e.value("Type", "") + " " + e.value("Action", "") + " " +
                    e.value("Actor", json::object()).value("ID", "");
  json attrs = e.value("Actor", json::object()).value("Attributes", json::object());
  if (attrs.is_object() && !attrs.empty()) {
    std::string joined;
    for (const auto& [k, v] : attrs.items()) // nlohmann::json keeps keys sorted
      joined += (joined.empty() ? "" : ", ") + k + "=" + v.get<std::string>();
    out += " (" + joined + ")";
  }
  return out;
}

// The Go field names of events.Message, for --format templates.
tmpl::Value template_value(const json& e) {
  tmpl::Value v;
  v["Status"] = e.value("status", "");
  v["ID"] = e.value("id", "");
  v["From"] = e.value("from", "");
  v["Type"] = e.value("Type", "");
  v["Action"] = e.value("Action", "");
  v["Actor"] = tmpl::Value::parse(e.value("Actor", json::object()).dump());
  v["Scope"] = e.value("scope", "");
  v["Time"] = e.value("time", int64_t{0});
  v["TimeNano"] = e.value("timeNano", int64_t{0});
  return v;
}

// One event as --format asks (json, a template, or docker's line); false on a template error.
bool print_event(const json& e, const std::string& format,
                 const std::optional<tmpl::Template>& tpl) {
  if (format == "json") {
    std::cout << e.dump() << std::endl;
  } else if (tpl) {
    auto text = tpl->execute(template_value(e), {"", false, true});
    if (!text) {
      std::cerr << text.error().message << "\n";
      return false;
    }
    std::cout << *text << std::endl;
  } else {
    std::cout << pretty_event(e) << std::endl;
  }
  return true;
}

int run_events(Invocation& inv, const ParsedArgs& a) {
  std::string format = a.last("format");
  std::optional<tmpl::Template> tpl;
  if (!format.empty() && format != "json") {
    auto parsed = tmpl::Template::parse(tmpl::unescape_format(format));
    if (!parsed) {
      std::cerr << "template parsing error: " << parsed.error().message << "\n";
      return 64;
    }
    tpl = std::move(*parsed);
  }
  auto query = events_query(a);
  if (!query) {
    std::cerr << query.error().message << "\n";
    return 125;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto stream = c->open_stream("GET", "/events" + *query);
  if (!stream)
    return report_error(stream.error());
  if (auto status = (*stream)->read_headers(); !status)
    return report_error(status.error());
  std::string pending;
  int failed = 0;
  auto read = (*stream)->read_body([&](std::string_view data) {
    pending.append(data);
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
      json e = json::parse(pending.substr(0, nl), nullptr, false);
      if (e.is_discarded() || !e.is_object())
        continue;
      if (!print_event(e, format, tpl))
        failed = 1;
    }
  });
  if (!read)
    return report_error(read.error());
  return failed;
}

} // namespace

Command events_command() {
  CommandSpec spec{"events",
                   "[OPTIONS]",
                   "Get real time events from the server",
                   {{"-f, --filter filter", "Filter output based on conditions provided"},
                    {"    --format string",
                     "Format output using a custom template:\n'json':             Print in JSON "
                     "format\n'TEMPLATE':         Print output using the given Go template."},
                    {"    --since string", "Show all events created since timestamp"},
                    {"    --until string", "Stream events until this timestamp"}},
                   "Commands"};
  std::vector<FlagSpec> flags = {
      {"f", "filter", true}, {"", "format", true}, {"", "since", true}, {"", "until", true}};
  return simple_command(spec, flags, 0, 0, run_events);
}

} // namespace mydocker::cli
