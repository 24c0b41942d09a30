// mydockerd's configuration: dockerd's flag names, plus daemon.json with the same keys.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::daemon {

struct DaemonOptions {
  std::vector<std::string> hosts;
  std::string data_root = "/var/lib/mydocker";
  std::string exec_root = "/run/mydocker";
  std::string pidfile = "/var/run/mydocker.pid";
  std::string config_file = "/etc/mydocker/daemon.json";
  std::string log_level = "info";
  std::string bridge;
  std::string bip;
  std::string cgroup_parent = "mydocker";
  bool tls_verify = false;
  std::string tls_ca_cert, tls_cert, tls_key;
  std::vector<std::string> insecure_registries;
  std::string registry_certs_dir = "/etc/mydocker/certs.d"; // Docker's is /etc/docker/certs.d
  int max_concurrent_downloads = 3;
  int max_concurrent_uploads = 5;
  std::string log_driver = "json-file";        // default LogConfig.Type of new containers
  std::map<std::string, std::string> log_opts; // default LogConfig.Config (same driver only)
  std::vector<std::string> log_opt_flags;      // --log-opt KEY=VALUE, folded into log_opts
  bool show_version = false;
  bool exit_now = false; // --help/--version printed
  int exit_code = 0;
};

inline constexpr const char* DEFAULT_HOST = "unix:///var/run/mydocker.sock";

// Flags first, then daemon.json; a key set in both is an error, as in dockerd.
Result<DaemonOptions> parse_daemon_options(int argc, char** argv);
// Merges daemon.json text into `options`; `flags_set` names flags given on the command line.
Result<void> apply_config_json(const std::string& text, const std::vector<std::string>& flags_set,
                               DaemonOptions& options);

} // namespace mydocker::daemon
