#include "cli/registry_credentials.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/base64.hpp"

namespace mydocker::cli {

using nlohmann::json;

namespace {

std::string config_dir() {
  if (const char* dir = std::getenv("MYDOCKER_CONFIG"); dir && *dir)
    return dir;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/root") + "/.mydocker";
}

json load_config() {
  auto text = read_file(config_file_path());
  json j = text ? json::parse(*text, nullptr, false) : json::object();
  return j.is_object() ? j : json::object();
}

Result<void> save_config(const json& j) {
  TRY_VOID(make_dirs(config_dir(), 0700));
  return write_file_atomic(config_file_path(), j.dump(1, '\t') + "\n", 0600);
}

bool looks_like_domain(const std::string& c) {
  return c.find('.') != std::string::npos || c.find(':') != std::string::npos || c == "localhost";
}

} // namespace

std::string config_file_path() {
  return config_dir() + "/config.json";
}

std::string server_hostname(const std::string& server) {
  std::string host = server;
  if (size_t scheme = host.find("://"); scheme != std::string::npos)
    host = host.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  if (host == "index.docker.io" || host == "registry-1.docker.io" || host.empty())
    return "docker.io";
  return host;
}

std::string registry_of(const std::string& image) {
  size_t slash = image.find('/');
  if (slash != std::string::npos && looks_like_domain(image.substr(0, slash)))
    return image.substr(0, slash);
  return "docker.io";
}

bool is_name_only(const std::string& image) {
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  return !tagged && image.find('@') == std::string::npos;
}

std::string normalized_reference(const std::string& image) {
  std::string out = image;
  size_t slash = image.find('/');
  if (slash == std::string::npos || !looks_like_domain(image.substr(0, slash)))
    out = "docker.io/" + std::string(slash == std::string::npos ? "library/" : "") + image;
  return is_name_only(image) ? out + ":latest" : out;
}

std::map<std::string, std::string> registry_auth_headers(const std::string& host) {
  json config = load_config();
  if (!config.contains("auths") || !config["auths"].is_object())
    return {};
  for (auto& [server, entry] : config["auths"].items()) {
    if (server_hostname(server) != host || !entry.is_object())
      continue;
    std::string pair;
    if (!base64_decode(entry.value("auth", ""), pair) || pair.find(':') == std::string::npos)
      continue;
    size_t colon = pair.find(':');
    json auth = {{"username", pair.substr(0, colon)},
                 {"password", pair.substr(colon + 1)},
                 {"serveraddress", server}};
    return {{"X-Registry-Auth", base64_encode(auth.dump(), Base64Alphabet::Url)}};
  }
  return {};
}

Result<void> store_credentials(const std::string& server, const std::string& username,
                               const std::string& password) {
  json config = load_config();
  if (!config.contains("auths") || !config["auths"].is_object())
    config["auths"] = json::object();
  config["auths"][server] = {{"auth", base64_encode(username + ":" + password)}};
  return save_config(config);
}

Result<bool> erase_credentials(const std::string& server) {
  json config = load_config();
  if (!config.contains("auths") || !config["auths"].is_object())
    return false;
  std::string host = server_hostname(server);
  std::vector<std::string> doomed;
  for (auto& [key, value] : config["auths"].items())
    if (key == server || server_hostname(key) == host)
      doomed.push_back(key);
  for (const auto& key : doomed)
    config["auths"].erase(key);
  if (doomed.empty())
    return false;
  TRY_VOID(save_config(config));
  return true;
}

} // namespace mydocker::cli
