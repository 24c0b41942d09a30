// mydocker version: client facts, then the daemon's /version, laid out as docker prints it.
#include <sys/utsname.h>

#include <iostream>

#include "cli/commands.hpp"

namespace mydocker::cli {

namespace {

void row(const std::string& indent, const std::string& label, const std::string& value) {
  std::string key = label + ":";
  size_t used = indent.size() + key.size();
  std::cout << indent << key << std::string(used < 20 ? 20 - used : 1, ' ') << value << "\n";
}

std::string str(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

void print_client() {
  std::cout << "Client:\n";
  row(" ", "Version", MYDOCKER_VERSION);
  row(" ", "API version", client::CLIENT_API_VERSION);
  row(" ", "Go version", "n/a");
  row(" ", "Git commit", "unknown");
  row(" ", "Built", __DATE__ " " __TIME__);
  row(" ", "OS/Arch", "linux/amd64");
  row(" ", "Context", "default");
}

void print_server(const nlohmann::json& v) {
  std::string platform = v.contains("Platform") ? str(v["Platform"], "Name") : "";
  std::cout << "\nServer:" << (platform.empty() ? "" : " " + platform) << "\n";
  nlohmann::json engine = v;
  if (v.contains("Components"))
    for (const auto& c : v["Components"])
      if (str(c, "Name") == "Engine" && c.contains("Details")) {
        engine = c["Details"];
        engine["Version"] = c.value("Version", "");
      }
  std::cout << " Engine:\n";
  row("  ", "Version", str(engine, "Version"));
  row("  ", "API version",
      str(engine, "ApiVersion") + " (minimum version " + str(engine, "MinAPIVersion") + ")");
  row("  ", "Go version", str(engine, "GoVersion"));
  row("  ", "Git commit", str(engine, "GitCommit"));
  row("  ", "Built", str(engine, "BuildTime"));
  row("  ", "OS/Arch", str(engine, "Os") + "/" + str(engine, "Arch"));
  row("  ", "Experimental",
      str(engine, "Experimental").empty() ? "false" : str(engine, "Experimental"));
}

int run_version(Invocation& inv) {
  print_client();
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto v = c->get_json("/version");
  if (!v)
    return report_error(v.error());
  print_server(*v);
  return 0;
}

} // namespace

Command version_command() {
  CommandSpec spec{
      "version", "[OPTIONS]", "Show the Docker version information", {}, "Common Commands"};
  return {spec, [spec](Invocation& inv) {
            if (wants_help(spec, inv.args()))
              return 0;
            if (!inv.args().empty())
              return arg_count_error(spec, 0, 0);
            return run_version(inv);
          }};
}

} // namespace mydocker::cli
