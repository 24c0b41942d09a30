// Options and results of the ImageService operations (import, pull, push, commit, prune),
// apart from the service itself so that image_service.hpp stays a readable interface.
#pragma once

#include <climits>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mydocker::layers {

struct ImportOptions {
  std::string repo_tag;             // "" = untagged
  std::vector<std::string> changes; // Dockerfile instructions: ENV, CMD, ENTRYPOINT, WORKDIR, USER,
                                    // LABEL, EXPOSE, VOLUME, STOPSIGNAL
  std::string message;
  std::string platform; // "" = host
};

// Credentials for one registry, as the client sent them in X-Registry-Auth (or none).
struct RegistryAuth {
  std::string username;
  std::string password;
  std::string identity_token;
  std::string server_address;
};

// Daemon-wide registry settings (daemon.json / flags).
struct RegistryConfig {
  std::vector<std::string> insecure_registries; // "host:port" or CIDR; loopback is always insecure
  std::string certs_dir = "/etc/mydocker/certs.d"; // <dir>/<host:port>/{ca.crt,*.cert,*.key}
  int max_concurrent_downloads = 3;
  int max_concurrent_uploads = 5;
};

// One Docker JSON progress message ({"status":...,"id":...,"progressDetail":...,...}),
// produced in the order a client should see it. May be called from several threads.
using ProgressFn = std::function<void(const nlohmann::json& message)>;

struct PullOptions {
  std::string platform; // "" = the host's linux/amd64
  RegistryAuth auth;
  bool all_tags = false; // every tag of the repository (fromImage without tag)
};

struct PushResult {
  std::string tag;
  std::string digest; // manifest digest "sha256:..."
  int64_t size = 0;   // manifest bytes
};

struct CommitOptions {
  std::string repo_tag; // "" = untagged
  std::string comment;
  std::string author;
  std::vector<std::string> changes; // Dockerfile instructions, as for import
  nlohmann::json container_config;  // the container's Config, the new image's "config" base
  nlohmann::json config;            // the request's Config: set fields override the container's
};

// /images/prune: dangling (untagged) images by default, every unused one with all = true.
struct PruneOptions {
  bool all = false;
  int64_t until = INT64_MAX;           // created before (unix nanos)
  std::vector<std::string> labels;     // "k" or "k=v": must match
  std::vector<std::string> not_labels; // label!=...: must not match
};

} // namespace mydocker::layers
