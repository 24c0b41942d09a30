#include "api/types/event_message.hpp"

#include <algorithm>

namespace mydocker::api {

using nlohmann::json;

namespace {

const std::vector<std::string>* values(const Filters& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() || it->second.empty() ? nullptr : &it->second;
}

bool exact(const Filters& f, const std::string& key, const std::string& source) {
  auto* v = values(f, key);
  return !v || std::find(v->begin(), v->end(), source) != v->end();
}

// Equal or a prefix of `source` (IDs may be shortened).
bool fuzzy(const Filters& f, const std::string& key, const std::string& source) {
  auto* v = values(f, key);
  if (!v)
    return true;
  for (const auto& want : *v)
    if (source.compare(0, want.size(), want) == 0)
      return true;
  return false;
}

std::string attribute(const events::Event& e, const std::string& key) {
  auto it = e.attributes.find(key);
  return it == e.attributes.end() ? "" : it->second;
}

bool actor_matches(const Filters& f, const std::string& key, const events::Event& e) {
  return fuzzy(f, key, e.actor_id) || fuzzy(f, key, attribute(e, "name"));
}

// "busybox:latest" -> "busybox" (a ':' after the last '/' is a tag, not a registry port).
std::string strip_tag(const std::string& ref) {
  size_t colon = ref.rfind(':');
  size_t slash = ref.rfind('/');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
    return ref;
  return ref.substr(0, colon);
}

bool image_matches(const Filters& f, const events::Event& e) {
  std::string name = attribute(e, e.type == "image" ? "name" : "image");
  return exact(f, "image", e.actor_id) || exact(f, "image", name) ||
         exact(f, "image", strip_tag(e.actor_id)) || exact(f, "image", strip_tag(name));
}

bool event_name_matches(const Filters& f, const events::Event& e) {
  auto* v = values(f, "event");
  if (!v)
    return true;
  for (const auto& want : *v) {
    bool fuzzy_kind = want == "exec_create" || want == "exec_start" || want == "health_status";
    if (want == e.action || (fuzzy_kind && e.action.compare(0, want.size(), want) == 0))
      return true;
  }
  return false;
}

bool labels_match(const Filters& f, const events::Event& e) {
  auto* v = values(f, "label");
  if (!v)
    return true;
  for (const auto& want : *v) { // every label filter must hold
    size_t eq = want.find('=');
    auto it = e.attributes.find(want.substr(0, eq));
    if (it == e.attributes.end() || (eq != std::string::npos && it->second != want.substr(eq + 1)))
      return false;
  }
  return true;
}

} // namespace

const std::vector<std::string>& event_filter_keys() {
  static const std::vector<std::string> keys = {"config", "container", "daemon", "event",  "image",
                                                "label",  "network",   "node",   "plugin", "scope",
                                                "secret", "service",   "type",   "volume"};
  return keys;
}

json event_json(const events::Event& e) {
  json j = json::object();
  if (e.type == "container" || e.type == "image") {
    j["status"] = e.action;
    j["id"] = e.actor_id;
    if (e.type == "container")
      j["from"] = attribute(e, "image");
  }
  j["Type"] = e.type;
  j["Action"] = e.action;
  j["Actor"] = {{"ID", e.actor_id}, {"Attributes", e.attributes}};
  j["scope"] = e.scope;
  j["time"] = e.time_nano / 1000000000;
  j["timeNano"] = e.time_nano;
  return j;
}

bool event_matches(const Filters& f, const events::Event& e) {
  return event_name_matches(f, e) && exact(f, "type", e.type) && exact(f, "scope", e.scope) &&
         actor_matches(f, "container", e) && actor_matches(f, "volume", e) &&
         actor_matches(f, "network", e) && image_matches(f, e) && labels_match(f, e);
}

} // namespace mydocker::api
