#include "layers/reference.hpp"

#include <algorithm>
#include <cctype>

#include "layers/digest.hpp"

namespace mydocker::layers {

namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// path-component: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool valid_component(std::string_view c) {
  if (c.empty() || !is_lower_alnum(c.front()) || !is_lower_alnum(c.back()))
    return false;
  for (size_t i = 0; i < c.size(); ++i) {
    char ch = c[i];
    if (is_lower_alnum(ch) || ch == '-')
      continue;
    if (ch == '.' && is_lower_alnum(c[i + 1]))
      continue;
    if (ch == '_' && (is_lower_alnum(c[i + 1]) || (c[i + 1] == '_' && is_lower_alnum(c[i + 2])))) {
      if (c[i + 1] == '_')
        ++i;
      continue;
    }
    return false;
  }
  return true;
}

bool valid_tag(std::string_view t) {
  if (t.empty() || t.size() > 128)
    return false;
  if (!(std::isalnum(static_cast<unsigned char>(t[0])) || t[0] == '_'))
    return false;
  for (char c : t)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

// A first component is a registry host if it has a '.' or ':' or is "localhost".
bool looks_like_domain(std::string_view c) {
  return c.find('.') != std::string_view::npos || c.find(':') != std::string_view::npos ||
         c == "localhost" || std::any_of(c.begin(), c.end(), [](char ch) {
           return std::isupper(static_cast<unsigned char>(ch));
         });
}

} // namespace

std::string Reference::familiar_name() const {
  // As Docker: "library/" is dropped only for official images ("library/x/y" keeps it).
  if (domain == "docker.io")
    return repository.rfind("library/", 0) == 0 && repository.find('/', 8) == std::string::npos
               ? repository.substr(8)
               : repository;
  return domain + "/" + repository;
}

std::string Reference::familiar_string() const {
  return familiar_name() + (digest.empty() ? ":" + tag : "@" + digest);
}

std::string Reference::full_name() const {
  return domain + "/" + repository;
}

Result<Reference> parse_reference(std::string_view text) {
  Reference ref;
  std::string_view rest = text;
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    if (!is_valid_digest(ref.digest))
      return invalid_argument("invalid reference format");
  }
  size_t last_slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!valid_tag(ref.tag))
      return invalid_argument("invalid reference format");
  }
  if (rest.empty())
    return invalid_argument("invalid reference format");
  std::string_view path = rest;
  size_t first_slash = rest.find('/');
  if (first_slash != std::string_view::npos && looks_like_domain(rest.substr(0, first_slash))) {
    ref.domain = std::string(rest.substr(0, first_slash));
    path = rest.substr(first_slash + 1);
  } else {
    ref.domain = "docker.io";
  }
  for (char c : path)
    if (std::isupper(static_cast<unsigned char>(c)))
      return invalid_argument("invalid reference format: repository name (" + std::string(path) +
                              ") must be lowercase");
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos)
      slash = path.size();
    if (!valid_component(path.substr(pos, slash - pos)))
      return invalid_argument("invalid reference format");
    pos = slash + 1;
  }
  ref.repository = std::string(path);
  if (ref.domain == "docker.io" && ref.repository.find('/') == std::string::npos)
    ref.repository = "library/" + ref.repository;
  if (ref.tag.empty() && ref.digest.empty())
    ref.tag = "latest";
  return ref;
}

Result<Reference> parse_repo_tag(std::string_view repo, std::string_view tag) {
  if (tag.empty())
    return parse_reference(repo);
  if (!valid_tag(tag))
    return invalid_argument("invalid tag format");
  return parse_reference(std::string(repo) + ":" + std::string(tag));
}

} // namespace mydocker::layers
