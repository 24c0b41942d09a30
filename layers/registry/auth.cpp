#include "layers/registry/auth.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "common/base64.hpp"
#include "common/percent_encode.hpp"
#include "layers/registry/http_client.hpp"
#include "layers/registry_auth.hpp"

namespace mydocker::layers {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

} // namespace

RegistryAuth registry_auth_from_json(const nlohmann::json& j) {
  RegistryAuth auth;
  if (!j.is_object())
    return auth;
  auto text = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auth.username = text("username");
  auth.password = text("password");
  auth.server_address = text("serveraddress");
  auth.identity_token = text("identitytoken");
  std::string pair;
  if (auth.username.empty() && base64_decode(text("auth"), pair)) {
    size_t colon = pair.find(':');
    if (colon != std::string::npos) {
      auth.username = pair.substr(0, colon);
      auth.password = pair.substr(colon + 1);
    }
  }
  return auth;
}

RegistryAuth decode_registry_auth(std::string_view header) {
  std::string decoded;
  if (header.empty() || !base64_decode(header, decoded))
    return {};
  return registry_auth_from_json(nlohmann::json::parse(decoded, nullptr, false));
}

namespace registry {

namespace {

void skip_space(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
    ++i;
}

std::string read_token(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && s[i] != '=' && s[i] != ' ' && s[i] != ',' && s[i] != '\t')
    ++i;
  return std::string(s.substr(start, i - start));
}

std::string read_value(std::string_view s, size_t& i) {
  if (i < s.size() && s[i] == '"') {
    std::string out;
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size())
        ++i;
      out += s[i];
    }
    ++i; // closing quote
    return out;
  }
  size_t start = i;
  while (i < s.size() && s[i] != ',')
    ++i;
  std::string v(s.substr(start, i - start));
  while (!v.empty() && v.back() == ' ')
    v.pop_back();
  return v;
}

} // namespace

std::vector<Challenge> parse_www_authenticate(std::string_view s) {
  std::vector<Challenge> out;
  size_t i = 0;
  for (skip_space(s, i); i < s.size(); skip_space(s, i)) {
    size_t mark = i;
    std::string word = read_token(s, i);
    if (word.empty()) {
      ++i;
      continue;
    }
    while (i < s.size() && s[i] == ' ')
      ++i;
    if (i < s.size() && s[i] == '=' && !out.empty()) {
      ++i;
      while (i < s.size() && s[i] == ' ')
        ++i;
      out.back().params[lower(word)] = read_value(s, i);
    } else if (i < s.size() && s[i] == '=') {
      i = mark + word.size() + 1; // a parameter without a scheme: ignore it
      (void)read_value(s, i);
    } else {
      out.push_back({lower(word), {}});
    }
  }
  return out;
}

std::string token_url(const Challenge& bearer, const std::vector<std::string>& scopes) {
  auto get = [&](const char* key) {
    auto it = bearer.params.find(key);
    return it == bearer.params.end() ? std::string() : it->second;
  };
  std::string url = get("realm");
  std::vector<std::string> query;
  if (!get("service").empty())
    query.push_back("service=" + percent_encode(get("service")));
  std::vector<std::string> all;
  if (!get("scope").empty())
    all.push_back(get("scope"));
  for (const auto& s : scopes)
    if (std::find(all.begin(), all.end(), s) == all.end())
      all.push_back(s);
  for (const auto& s : all)
    query.push_back("scope=" + percent_encode(s));
  for (size_t k = 0; k < query.size(); ++k)
    url += (k == 0 && url.find('?') == std::string::npos ? "?" : "&") + query[k];
  return url;
}

std::string repository_scope(const std::string& repository, bool push) {
  return "repository:" + repository + (push ? ":pull,push" : ":pull");
}

std::string token_from_answer(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object())
    return "";
  for (const char* key : {"token", "access_token"})
    if (j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty())
      return j[key].get<std::string>();
  return "";
}

} // namespace registry
} // namespace mydocker::layers
