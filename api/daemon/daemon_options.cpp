#include "api/daemon/daemon_options.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"

namespace mydocker::daemon {

using nlohmann::json;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

template <class T>
Result<void> take(const json& config, const char* key, const char* flag,
                  const std::vector<std::string>& flags_set, T& out) {
  if (!config.contains(key))
    return {};
  if (contains(flags_set, flag))
    return invalid_argument(
        std::string("the following directives are specified both as a flag and in the "
                    "configuration file: ") +
        key);
  try {
    out = config.at(key).get<T>();
  } catch (const json::exception&) {
    return invalid_argument(std::string("invalid value for ") + key + " in the configuration file");
  }
  return {};
}

} // namespace

Result<void> apply_config_json(const std::string& text, const std::vector<std::string>& flags_set,
                               DaemonOptions& o) {
  json config = json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object())
    return invalid_argument(
        "unable to configure the daemon: invalid JSON in the configuration file");
  static const std::vector<std::string> known = {"hosts",
                                                 "data-root",
                                                 "exec-root",
                                                 "pidfile",
                                                 "log-level",
                                                 "bridge",
                                                 "bip",
                                                 "cgroup-parent",
                                                 "tlsverify",
                                                 "tlscacert",
                                                 "tlscert",
                                                 "tlskey",
                                                 "insecure-registries",
                                                 "debug",
                                                 "max-concurrent-downloads",
                                                 "max-concurrent-uploads",
                                                 "registry-certs-dir",
                                                 "log-driver",
                                                 "log-opts"};
  for (auto& [key, value] : config.items())
    if (!contains(known, key))
      return invalid_argument("the following directives don't match any configuration option: " +
                              key);
  TRY_VOID(take(config, "hosts", "--host", flags_set, o.hosts));
  TRY_VOID(take(config, "data-root", "--data-root", flags_set, o.data_root));
  TRY_VOID(take(config, "exec-root", "--exec-root", flags_set, o.exec_root));
  TRY_VOID(take(config, "pidfile", "--pidfile", flags_set, o.pidfile));
  TRY_VOID(take(config, "log-level", "--log-level", flags_set, o.log_level));
  TRY_VOID(take(config, "bridge", "--bridge", flags_set, o.bridge));
  TRY_VOID(take(config, "bip", "--bip", flags_set, o.bip));
  TRY_VOID(take(config, "cgroup-parent", "--cgroup-parent", flags_set, o.cgroup_parent));
  TRY_VOID(take(config, "tlsverify", "--tlsverify", flags_set, o.tls_verify));
  TRY_VOID(take(config, "tlscacert", "--tlscacert", flags_set, o.tls_ca_cert));
  TRY_VOID(take(config, "tlscert", "--tlscert", flags_set, o.tls_cert));
  TRY_VOID(take(config, "tlskey", "--tlskey", flags_set, o.tls_key));
  TRY_VOID(
      take(config, "insecure-registries", "--insecure-registry", flags_set, o.insecure_registries));
  TRY_VOID(take(config, "max-concurrent-downloads", "--max-concurrent-downloads", flags_set,
                o.max_concurrent_downloads));
  TRY_VOID(
      take(config, "registry-certs-dir", "--registry-certs-dir", flags_set, o.registry_certs_dir));
  TRY_VOID(take(config, "max-concurrent-uploads", "--max-concurrent-uploads", flags_set,
                o.max_concurrent_uploads));
  TRY_VOID(take(config, "log-driver", "--log-driver", flags_set, o.log_driver));
  TRY_VOID(take(config, "log-opts", "--log-opt", flags_set, o.log_opts));
  return {};
}

Result<DaemonOptions> parse_daemon_options(int argc, char** argv) {
  DaemonOptions o;
  CLI::App app{"A self-sufficient runtime for containers (Docker-compatible)", "mydockerd"};
  app.add_option("-H,--host", o.hosts, "Daemon socket(s) to connect to");
  app.add_option("--data-root", o.data_root, "Root directory of persistent state")
      ->capture_default_str();
  app.add_option("--exec-root", o.exec_root, "Root directory for execution state files")
      ->capture_default_str();
  app.add_option("-p,--pidfile", o.pidfile, "Path to use for daemon PID file")
      ->capture_default_str();
  app.add_option("--config-file", o.config_file, "Daemon configuration file")
      ->capture_default_str();
  app.add_option("-l,--log-level", o.log_level,
                 "Set the logging level (debug, info, warn, error, fatal)")
      ->capture_default_str();
  app.add_option("-b,--bridge", o.bridge, "Attach containers to a network bridge");
  app.add_option("--bip", o.bip, "Specify network bridge IP");
  app.add_option("--cgroup-parent", o.cgroup_parent, "Set parent cgroup for all containers")
      ->capture_default_str();
  app.add_flag("--tlsverify", o.tls_verify, "Use TLS and verify the remote");
  app.add_option("--tlscacert", o.tls_ca_cert, "Trust certs signed only by this CA");
  app.add_option("--tlscert", o.tls_cert, "Path to TLS certificate file");
  app.add_option("--tlskey", o.tls_key, "Path to TLS key file");
  app.add_option("--insecure-registry", o.insecure_registries,
                 "Enable insecure registry communication");
  app.add_option("--registry-certs-dir", o.registry_certs_dir,
                 "Per-registry TLS files (<dir>/<host:port>/ca.crt, *.cert, *.key)")
      ->capture_default_str();
  app.add_option("--max-concurrent-downloads", o.max_concurrent_downloads,
                 "Set the max concurrent downloads")
      ->capture_default_str();
  app.add_option("--max-concurrent-uploads", o.max_concurrent_uploads,
                 "Set the max concurrent uploads")
      ->capture_default_str();
  app.add_option("--log-driver", o.log_driver, "Default driver for container logs")
      ->capture_default_str();
  app.add_option("--log-opt", o.log_opt_flags, "Default log driver options for containers");
  app.add_flag("-v,--version", o.show_version, "Print version information and quit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    o.exit_code = app.exit(e);
    o.exit_now = true;
    return o;
  }
  if (o.show_version) {
    std::cout << "mydocker version " << MYDOCKER_VERSION << "\n";
    o.exit_now = true;
    return o;
  }
  std::vector<std::string> flags_set;
  for (const char* name :
       {"--host", "--data-root", "--exec-root", "--pidfile", "--log-level", "--bridge", "--bip",
        "--cgroup-parent", "--tlsverify", "--tlscacert", "--tlscert", "--tlskey",
        "--insecure-registry", "--max-concurrent-downloads", "--max-concurrent-uploads",
        "--log-driver", "--log-opt"})
    if (app.count(name) > 0)
      flags_set.push_back(name);
  for (const auto& pair : o.log_opt_flags) { // dockerd's MapOpts: "k" alone is k=""
    size_t eq = pair.find('=');
    o.log_opts[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
  }
  bool explicit_config = app.count("--config-file") > 0;
  if (explicit_config || ::access(o.config_file.c_str(), F_OK) == 0) {
    auto text = read_file(o.config_file);
    if (!text)
      return invalid_argument("unable to configure the daemon: " + text.error().message);
    TRY_VOID(apply_config_json(*text, flags_set, o));
  }
  if (o.hosts.empty())
    o.hosts.push_back(DEFAULT_HOST);
  return o;
}

} // namespace mydocker::daemon
