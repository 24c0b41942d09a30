// mydocker login and logout: credentials checked by the daemon (POST /auth), kept in the
// CLI's config.json (cli/registry_credentials).
#include <unistd.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/registry_credentials.hpp"
#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

std::string read_line(const char* prompt) {
  if (::isatty(STDIN_FILENO) == 1)
    std::cout << prompt << std::flush;
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

int run_login(Invocation& inv, const ParsedArgs& args) {
  std::string server = args.positionals.empty() ? kDefaultRegistryServer : args.positionals[0];
  std::string user = args.last("username");
  std::string password = args.last("password");
  if (args.has("password-stdin")) {
    if (args.has("password")) {
      std::cerr << "--password and --password-stdin are mutually exclusive\n";
      return 1;
    }
    if (user.empty()) {
      std::cerr << "Must provide --username with --password-stdin\n";
      return 1;
    }
    password = read_line("");
  } else if (args.has("password")) {
    std::cerr << "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n";
  }
  if (user.empty())
    user = read_line("Username: ");
  if (password.empty())
    password = read_line("Password: ");
  if (user.empty()) {
    std::cerr << "Error: Non-null Username Required\n";
    return 1;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  json body = {{"username", user}, {"password", password}, {"serveraddress", server}};
  auto res = c->request("POST", "/auth", body.dump(), "application/json");
  if (!res)
    return report_error(res.error());
  if (auto stored = store_credentials(server, user, password); !stored) {
    std::cerr << "Error saving credentials: " << stored.error().message << "\n";
    return 1;
  }
  std::cerr << "WARNING! Your credentials are stored unencrypted in '" << config_file_path()
            << "'.\nConfigure a credential helper to remove this warning. See\n"
               "https://docs.docker.com/go/credential-store/\n\n";
  std::cout << "Login Succeeded\n";
  return 0;
}

int run_logout(Invocation&, const ParsedArgs& args) {
  std::string server = args.positionals.empty() ? kDefaultRegistryServer : args.positionals[0];
  std::string shown = args.positionals.empty() ? server : server_hostname(server);
  std::cout << "Removing login credentials for " << shown << "\n";
  if (auto erased = erase_credentials(server); !erased) {
    std::cerr << "WARNING: could not erase credentials:\n"
              << server << ": " << erased.error().message << "\n";
  }
  return 0;
}

} // namespace

Command login_command() {
  return simple_command(
      {"login",
       "[OPTIONS] [SERVER]",
       "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
       {{"-p, --password string", "Password or Personal Access Token (PAT)"},
        {"    --password-stdin", "Take the Password or Personal Access Token (PAT) from stdin"},
        {"-u, --username string", "Username"}},
       "Common Commands"},
      {{"u", "username", true}, {"p", "password", true}, {"", "password-stdin", false}}, 0, 1,
      run_login);
}

Command logout_command() {
  return simple_command({"logout",
                         "[SERVER]",
                         "Log out from a registry.\nIf no server is specified, the default is "
                         "defined by the daemon.",
                         {},
                         "Common Commands"},
                        {}, 0, 1, run_logout);
}

} // namespace mydocker::cli
