// Registry credentials of the CLI in Docker's config.json format
// ({"auths":{"localhost:5000":{"auth":"base64(user:pass)"}}}), kept in
// $MYDOCKER_CONFIG/config.json or ~/.mydocker/config.json, and the X-Registry-Auth header
// made from them.
#pragma once

#include <map>
#include <string>

#include "common/result.hpp"

namespace mydocker::cli {

inline constexpr const char* kDefaultRegistryServer = "https://index.docker.io/v1/";

std::string config_file_path();
// "localhost:5000/a/b:1" -> "localhost:5000"; "busybox" -> "docker.io".
std::string registry_of(const std::string& image);
// "busybox" -> "docker.io/library/busybox:latest" (the line pull prints last).
std::string normalized_reference(const std::string& image);
// True when the reference names neither tag nor digest.
bool is_name_only(const std::string& image);

// {"X-Registry-Auth": base64url(JSON)} for the registry `host`, or {} without credentials.
std::map<std::string, std::string> registry_auth_headers(const std::string& host);

Result<void> store_credentials(const std::string& server, const std::string& username,
                               const std::string& password);
// False when there were none for `server`.
Result<bool> erase_credentials(const std::string& server);

// "https://localhost:5000/v2/" -> "localhost:5000"; Docker Hub's names -> "docker.io".
std::string server_hostname(const std::string& server);

} // namespace mydocker::cli
