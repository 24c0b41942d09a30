#include "volumes/local/volume_filters.hpp"

#include <regex>

namespace mydocker::volumes::local {

namespace {

Result<bool> parse_bool(const std::string& key, const std::string& value) {
  if (value == "true" || value == "1" || value == "True")
    return true;
  if (value == "false" || value == "0" || value == "False")
    return false;
  return invalid_argument("invalid filter '" + key + "=" + value + "'");
}

// Docker matches name and driver filters as regular expressions; a bad one as plain text.
bool text_matches(const std::string& pattern, const std::string& text) {
  try {
    return std::regex_search(text, std::regex(pattern));
  } catch (const std::regex_error&) {
    return text.find(pattern) != std::string::npos;
  }
}

bool any_matches(const std::vector<std::string>& patterns, const std::string& text) {
  if (patterns.empty())
    return true;
  for (const auto& p : patterns)
    if (text_matches(p, text))
      return true;
  return false;
}

} // namespace

Result<VolumeFilter> make_filter(const api::Filters& filters) {
  VolumeFilter f;
  auto values = [&](const char* key) {
    auto it = filters.find(key);
    return it == filters.end() ? std::vector<std::string>{} : it->second;
  };
  f.names = values("name");
  f.drivers = values("driver");
  f.labels = values("label");
  f.not_labels = values("label!");
  for (const auto& v : values("dangling"))
    f.dangling = TRY(parse_bool("dangling", v));
  for (const auto& v : values("all"))
    f.all = TRY(parse_bool("all", v));
  return f;
}

bool labels_match(const std::map<std::string, std::string>& labels,
                  const std::vector<std::string>& wanted, bool negate) {
  for (const auto& w : wanted) {
    auto eq = w.find('=');
    auto it = labels.find(w.substr(0, eq));
    bool has = it != labels.end() && (eq == std::string::npos || it->second == w.substr(eq + 1));
    if (has == negate)
      return false;
  }
  return true;
}

bool matches(const VolumeFilter& filter, const api::VolumeInspect& volume, bool in_use) {
  if (filter.dangling && *filter.dangling == in_use)
    return false;
  return any_matches(filter.names, volume.name) && any_matches(filter.drivers, volume.driver) &&
         labels_match(volume.labels, filter.labels, false) &&
         labels_match(volume.labels, filter.not_labels, true);
}

} // namespace mydocker::volumes::local
