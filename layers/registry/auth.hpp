// The registry's WWW-Authenticate challenges and the token request they lead to
// (distribution token spec: realm, service, scope).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mydocker::layers::registry {

struct Challenge {
  std::string scheme;                        // lower case: "basic", "bearer"
  std::map<std::string, std::string> params; // lower-case keys: realm, service, scope
};

// `Bearer realm="https://a/token",service="reg",scope="repository:x:pull", Basic realm="r"`
std::vector<Challenge> parse_www_authenticate(std::string_view header);

// realm?service=..&scope=..&scope=.. (scopes the challenge named come first).
std::string token_url(const Challenge& bearer, const std::vector<std::string>& scopes);

// "repository:library/busybox:pull" / ":pull,push"
std::string repository_scope(const std::string& repository, bool push);

// `token` or `access_token` of a token server answer; "" when neither is there.
std::string token_from_answer(std::string_view body);

} // namespace mydocker::layers::registry
